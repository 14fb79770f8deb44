import type { ChangeEvent } from '../schema/events';
import { errorMessage } from '../lib/errors';
import { liveChanges } from './changes';
import type { DemoState } from './state';

/**
 * Keeps the demo alive after the history is published: a few business events per second, each
 * published as one batch. Ticks never overlap (the next is scheduled when a publish settles), and
 * a failed publish is reported and skipped, so a hiccup does not stop the demo.
 */

export interface TrickleOptions {
  publish: (events: ChangeEvent[]) => Promise<void>;
  /** The state that generateEvents filled: the trickle continues that world. */
  state: DemoState;
  seed?: number;
  /** Business events per second (each is a few change events). */
  ratePerSecond?: number;
  /** Milliseconds since the epoch; versions and timestamps are taken from it. */
  clock?: () => number;
  onError?: (error: unknown) => void;
}

export interface Trickle {
  /** Stops the timer and waits for a publish in flight. */
  stop(): Promise<void>;
}

// At most this many seconds of backlog are made up after a slow publish; beyond, they are dropped.
const MAX_CATCH_UP_SECONDS = 5;

export function startTrickle(options: TrickleOptions): Trickle {
  const rate = options.ratePerSecond ?? 2;
  if (!(rate > 0) || !Number.isFinite(rate)) {
    throw new RangeError(`ratePerSecond must be a positive number, got ${rate}`);
  }
  const clock = options.clock ?? Date.now;
  const onError =
    options.onError ??
    ((error: unknown) => console.warn(`[demo] live change not published: ${errorMessage(error)}`));
  const next = liveChanges(options.state, options.seed ?? 1);
  const interval = Math.min(1000, Math.max(50, 1000 / rate));

  let owed = 0;
  let last = clock();
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let inFlight: Promise<void> = Promise.resolve();

  async function tick(): Promise<void> {
    const now = clock();
    owed = Math.min(owed + ((now - last) / 1000) * rate, rate * MAX_CATCH_UP_SECONDS);
    last = now;
    const events: ChangeEvent[] = [];
    for (; owed >= 1; owed -= 1) events.push(...next(now));
    if (events.length) await options.publish(events).catch(onError);
  }

  function schedule(): void {
    if (stopped) return;
    timer = setTimeout(() => {
      inFlight = tick().catch(onError).finally(schedule);
    }, interval);
  }

  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await inFlight;
    },
  };
}
