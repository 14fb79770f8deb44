import pRetry from 'p-retry';
import { PlexusError } from '../../lib/errors';
import { systemClock, type Clock } from './clock';

/**
 * The one retry-with-backoff of the connectors. A retriable PlexusError is tried again after the
 * wait the vendor asked for (`retryAfterMs`, from Retry-After or a throttle bucket), else after a
 * capped exponential backoff with jitter; anything else fails at once. It retries forever unless
 * given `retries`, and stops waiting the moment its signal aborts (shutdown).
 */

export interface Backoff {
  /** The first wait; doubled per attempt up to `maxMs`. */
  initialMs: number;
  maxMs: number;
}

export const defaultBackoff: Backoff = { initialMs: 250, maxMs: 30_000 };

/**
 * The wait before retry number `attempt` (1-based): "equal jitter", half the step fixed and half
 * random, so clients that failed together spread out without any of them retrying at once.
 */
export function backoffDelay(attempt: number, backoff: Backoff, random = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.max(0, attempt - 1));
  return step * (0.5 + random() / 2);
}

/** What the vendor asked us to wait, when the error carries it. */
export function retryAfterOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null || !('retryAfterMs' in error)) return undefined;
  const ms = error.retryAfterMs;
  return typeof ms === 'number' && Number.isFinite(ms) && ms >= 0 ? ms : undefined;
}

export const isRetriable = (error: unknown): error is PlexusError =>
  error instanceof PlexusError && error.retriable;

/** How a vendor client calls: what a connector (or a test) may tune. */
export interface CallPolicy {
  /** Retries of one call before its error reaches the caller (whose supervisor goes on). */
  retries?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Per attempt, until the whole answer is read. */
  timeoutMs?: number;
}

export interface RetryOptions {
  /** Retries after the first attempt; forever when left out. */
  retries?: number;
  backoff?: Partial<Backoff>;
  clock?: Clock;
  signal?: AbortSignal;
  random?: () => number;
  /** Called before each wait, e.g. to count retries or log at debug. */
  onRetry?: (retry: { error: PlexusError; attempt: number; delayMs: number }) => void;
}

export function withRetry<T>(
  run: (attempt: number) => Promise<T>,
  options: RetryOptions = {},
): Promise<T> {
  const clock = options.clock ?? systemClock;
  const backoff = { ...defaultBackoff, ...options.backoff };
  const { signal } = options;
  return pRetry(run, {
    retries: options.retries ?? Number.POSITIVE_INFINITY,
    // The waits are ours (Retry-After, the injected clock); p-retry's own are zero.
    minTimeout: 0,
    maxTimeout: 0,
    randomize: false,
    ...(signal ? { signal } : {}),
    shouldRetry: ({ error }) => isRetriable(error) && !signal?.aborted,
    onFailedAttempt: async ({ error, attemptNumber, retriesLeft }) => {
      if (!isRetriable(error) || retriesLeft === 0 || signal?.aborted) return;
      const delayMs = retryAfterOf(error) ?? backoffDelay(attemptNumber, backoff, options.random);
      options.onRetry?.({ error, attempt: attemptNumber, delayMs });
      if (delayMs > 0) await clock.sleep(delayMs, signal);
    },
  });
}
