/**
 * Spreads the panes' publishes over animation frames.
 *
 * Every pane publishes at most 30 times a second. Under a flood each publish rewrites every
 * visible row, so a frame that publishes all panes at once costs the sum of them (17 ms of CPU
 * for 4 panes, measured) and the frames between cost nothing. Panes are dealt round-robin into
 * `lanes`; a frame publishes one lane at most (the one due longest), so on a 60 Hz display two
 * lanes take turns, each still at 30 Hz, and no frame carries more than half the panes.
 * When frames come slower than that (the machine is busy), each lane waits its turn: the page
 * draws less often instead of drawing longer frames.
 */
export class FramePacer {
  private readonly waiting: Set<() => void>[];
  private readonly lastRunAt: number[];
  private frameRequested = false;
  private nextLane = 0;

  /**
   * @param requestFrame - `requestAnimationFrame`, or a stand-in in tests.
   * @param lanes - how many groups of panes take turns.
   * @param minIntervalMs - the shortest time between two publishes of one lane.
   */
  constructor(
    private readonly requestFrame: (callback: (now: number) => void) => void,
    readonly lanes = 2,
    private readonly minIntervalMs = 1000 / 30,
  ) {
    this.waiting = Array.from({ length: lanes }, () => new Set());
    this.lastRunAt = Array.from({ length: lanes }, () => Number.NEGATIVE_INFINITY);
  }

  /** The lane for a new pane: round-robin, so panes made together land in different lanes. */
  takeLane(): number {
    const lane = this.nextLane;
    this.nextLane = (lane + 1) % this.lanes;
    return lane;
  }

  /** Runs `callback` on a coming frame of `lane`'s turn; returns a function that cancels it. */
  schedule(lane: number, callback: () => void): () => void {
    // A wrapper per call, so scheduling the same function twice means two runs, as with rAF.
    const run = () => callback();
    const waiting = this.waiting[lane % this.lanes]!;
    waiting.add(run);
    this.requestIfNeeded();
    return () => waiting.delete(run);
  }

  private requestIfNeeded(): void {
    if (this.frameRequested || this.waiting.every((lane) => lane.size === 0)) return;
    this.frameRequested = true;
    this.requestFrame(this.onFrame);
  }

  private readonly onFrame = (now: number): void => {
    this.frameRequested = false;
    let pick = -1;
    for (let lane = 0; lane < this.lanes; lane++) {
      // 2 ms of slack, so a 30 Hz display still publishes a lane on every frame.
      // A frame time before the last run (another timeline, in tests) counts as due.
      const since = now - this.lastRunAt[lane]!;
      const due = this.waiting[lane]!.size > 0 && (since >= this.minIntervalMs - 2 || since < 0);
      if (due && (pick < 0 || this.lastRunAt[lane]! < this.lastRunAt[pick]!)) pick = lane;
    }
    if (pick >= 0) {
      this.lastRunAt[pick] = now;
      const due = [...this.waiting[pick]!];
      this.waiting[pick]!.clear();
      for (const callback of due) callback();
    }
    this.requestIfNeeded();
  };
}
