/**
 * A client-side request budget: at most `limit` requests in any window of `intervalMs`, counted
 * as the vendor counts them, on arrival. A slot is taken before a request leaves and given back
 * `intervalMs` after its answer (or failure) is in: the vendor saw the request before we saw the
 * answer, so two requests on one slot reach it at least a window apart, however loaded the
 * machine. A throttle that counts departures (p-throttle) cannot promise that: a busy event loop
 * sends late what it counted early, and the arrivals bunch into one window.
 */

export interface RequestBudget {
  limit: number;
  intervalMs: number;
}

export type Budgeted = <T>(run: () => Promise<T>) => Promise<T>;

/** Real time, unref'd: a slot waiting to come back must not keep a stopping process alive. */
const later = (ms: number) =>
  new Promise<void>((resolve) => {
    setTimeout(resolve, ms).unref();
  });

export function createBudget(budget: RequestBudget): Budgeted {
  if (!(budget.limit >= 1) || !(budget.intervalMs >= 0)) {
    throw new RangeError('a request budget needs limit ≥ 1 and intervalMs ≥ 0');
  }
  let free = budget.limit;
  const waiting: (() => void)[] = [];

  const acquire = (): Promise<void> | void => {
    if (free > 0) {
      free -= 1;
      return;
    }
    return new Promise((resolve) => waiting.push(resolve));
  };
  const release = async () => {
    // Strictly after the window (a vendor may count a closed interval), measured in Date.now()
    // milliseconds, since a timer may fire a millisecond early.
    const until = Date.now() + budget.intervalMs + 1;
    for (let left = until - Date.now(); left > 0; left = until - Date.now()) await later(left);
    const next = waiting.shift();
    if (next) next();
    else free += 1;
  };

  return async (run) => {
    await acquire();
    try {
      return await run();
    } finally {
      void release();
    }
  };
}
