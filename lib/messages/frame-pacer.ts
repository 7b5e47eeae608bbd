/** One pane's place in a {@link FramePacer}: when it last published and what waits for its turn. */
export interface PacerSlot {
  lastRunAt: number;
  readonly waiting: Set<() => void>;
}

/**
 * Spreads the panes' publishes over animation frames.
 *
 * Every pane publishes at most 30 times a second. Under a flood each publish rewrites every
 * visible row, so a frame that publishes all panes at once costs the sum of them (17 ms of CPU
 * for 4 panes, measured) and the frames between cost nothing. So a frame publishes only its share
 * of the busy panes (waiting, or published less than an interval ago), those that waited
 * longest: half of them, so on a 60 Hz display each still gets its 30 Hz, and never more than
 * `maxPerFrame`. With more panes than that can carry at 30
 * Hz (8 flooded panes), each publishes less often instead of every frame growing: the rows of
 * 8 panes rewritten 30 times a second are more than anyone reads, and the page's time (and the
 * GPU's) goes to laying them out instead of taking messages. When frames come slower than 60 Hz
 * (the machine is busy), panes wait their turn too: the page draws less often instead of
 * drawing longer frames.
 */
export class FramePacer {
  /** Slots with something waiting. */
  private readonly pending = new Set<PacerSlot>();
  /** Slots that published less than `minIntervalMs` ago: busy panes, though not waiting now. */
  private readonly cooling = new Set<PacerSlot>();
  private frameRequested = false;

  /**
   * @param requestFrame - `requestAnimationFrame`, or a stand-in in tests.
   * @param maxPerFrame - the most panes one frame publishes.
   * @param minIntervalMs - the shortest time between two publishes of one pane.
   * @param share - a frame publishes at most 1/`share` of the waiting panes (rounded up).
   */
  constructor(
    private readonly requestFrame: (callback: (now: number) => void) => void,
    readonly maxPerFrame = 2,
    private readonly minIntervalMs = 1000 / 30,
    private readonly share = 2,
  ) {}

  /** A place for a new pane. */
  join(): PacerSlot {
    return { lastRunAt: Number.NEGATIVE_INFINITY, waiting: new Set() };
  }

  /** Runs `callback` on a coming frame of `slot`'s turn; returns a function that cancels it. */
  schedule(slot: PacerSlot, callback: () => void): () => void {
    // A wrapper per call, so scheduling the same function twice means two runs, as with rAF.
    const run = () => callback();
    slot.waiting.add(run);
    this.pending.add(slot);
    this.requestIfNeeded();
    return () => {
      slot.waiting.delete(run);
      if (slot.waiting.size === 0) this.pending.delete(slot);
    };
  }

  private requestIfNeeded(): void {
    if (this.frameRequested || this.pending.size === 0) return;
    this.frameRequested = true;
    this.requestFrame(this.onFrame);
  }

  /** Whether `slot` may publish at `now`. */
  private isDue(slot: PacerSlot, now: number): boolean {
    // 2 ms of slack, so a 30 Hz display still publishes a pane on every frame.
    // A frame time before the last run (another timeline, in tests) counts as due.
    const since = now - slot.lastRunAt;
    return since >= this.minIntervalMs - 2 || since < 0;
  }

  private readonly onFrame = (now: number): void => {
    this.frameRequested = false;
    let busy = this.pending.size;
    for (const slot of this.cooling) {
      if (this.isDue(slot, now)) this.cooling.delete(slot);
      else if (!this.pending.has(slot)) busy++;
    }
    const limit = Math.min(this.maxPerFrame, Math.ceil(busy / this.share));
    const due: PacerSlot[] = [];
    for (const slot of this.pending) if (this.isDue(slot, now)) due.push(slot);
    // The longest waiting first; ties keep the order they joined the queue.
    due.sort((a, b) => (a.lastRunAt < b.lastRunAt ? -1 : a.lastRunAt > b.lastRunAt ? 1 : 0));
    for (const slot of due.slice(0, limit)) {
      slot.lastRunAt = now;
      this.cooling.add(slot);
      const callbacks = [...slot.waiting];
      slot.waiting.clear();
      this.pending.delete(slot);
      for (const callback of callbacks) callback();
    }
    this.requestIfNeeded();
  };
}
