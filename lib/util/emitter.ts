/** A minimal synchronous listener set: `on` returns the function that removes the listener. */
export class Emitter<T> {
  private readonly listeners = new Set<(value: T) => void>();

  on(listener: (value: T) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit(value: T): void {
    // Some emitters fire per message with nobody listening (a pane's message tap): no iterator then.
    if (this.listeners.size === 0) return;
    for (const listener of this.listeners) listener(value);
  }

  clear(): void {
    this.listeners.clear();
  }
}

/** Wakes whoever waits at the next notify(); listeners are removed once called or no longer wanted. */
export class Signal {
  private readonly listeners = new Set<() => void>();

  /** Calls `listener` at the next notify(); returns the function that removes it. */
  once(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  notify(): void {
    const listeners = [...this.listeners];
    this.listeners.clear();
    for (const listener of listeners) listener();
  }
}
