/**
 * Acks a stream consumer's messages as they arrive, so its credit (prefetch-count) keeps
 * flowing: RabbitMQ stops delivering from a stream once prefetch-count messages are unacked.
 * In `client` mode one ACK covers every earlier message, so it acks the latest one every
 * `batch` messages, and what is left shortly after the last arrival; in `client-individual`
 * mode it acks each message.
 */
export class StreamAcker {
  private latest: string | null = null;
  private pending = 0;
  private cancelFlush: (() => void) | null = null;

  constructor(
    private readonly send: (ackId: string) => void,
    private readonly mode: 'client' | 'client-individual',
    private readonly batch: number,
    private readonly schedule: (callback: () => void) => () => void = (callback) => {
      const timer = setTimeout(callback, 20);
      return () => clearTimeout(timer);
    },
  ) {}

  received(ackId: string): void {
    if (this.mode === 'client-individual') {
      this.send(ackId);
      return;
    }
    this.latest = ackId;
    this.pending++;
    if (this.pending >= this.batch) this.flush();
    else this.cancelFlush ??= this.schedule(() => this.flush());
  }

  /** Acks what is pending now. */
  flush(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    if (this.latest === null) return;
    const ackId = this.latest;
    this.latest = null;
    this.pending = 0;
    this.send(ackId);
  }

  /** Forgets what is pending (its connection is gone: the broker forgot it too). */
  reset(): void {
    this.cancelFlush?.();
    this.cancelFlush = null;
    this.latest = null;
    this.pending = 0;
  }
}
