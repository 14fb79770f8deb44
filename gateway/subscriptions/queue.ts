/** Why a subscriber was dropped; the server closes its socket with it. */
export interface Overflow {
  reason: string;
}

/**
 * The events one subscription has been handed and not yet sent, as an async iterator for
 * graphql-js's `subscribe`. It holds at most `limit` events: the consumer pulls the next one only
 * once the previous has gone out on the socket (graphql-ws awaits each send), so a client that
 * reads slower than changes arrive fills it, and the next push calls `onOverflow` instead of
 * buffering for ever.
 */
export class EventQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private done = false;

  constructor(
    private readonly limit: number,
    private readonly onOverflow: (overflow: Overflow) => void,
    private readonly onEnd: () => void,
  ) {}

  get size(): number {
    return this.items.length;
  }

  push(item: T): void {
    if (this.done) return;
    if (this.waiting) {
      const resolve = this.waiting;
      this.waiting = undefined;
      resolve({ value: item, done: false });
      return;
    }
    if (this.items.length >= this.limit) {
      this.onOverflow({ reason: `more than ${this.limit} events queued` });
      this.end();
      return;
    }
    this.items.push(item);
  }

  next(): Promise<IteratorResult<T>> {
    const item = this.items.shift();
    if (item !== undefined) return Promise.resolve({ value: item, done: false });
    if (this.done) return Promise.resolve({ value: undefined, done: true });
    return new Promise((resolve) => {
      this.waiting = resolve;
    });
  }

  return(): Promise<IteratorResult<T>> {
    this.end();
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }

  private end(): void {
    if (this.done) return;
    this.done = true;
    this.items.length = 0;
    this.waiting?.({ value: undefined, done: true });
    this.waiting = undefined;
    this.onEnd();
  }
}
