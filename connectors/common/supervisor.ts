import type { Logger } from '../../lib/logger';
import { systemClock, type Clock } from './clock';
import type { ConnectorHealth } from './health';
import { backoffDelay, defaultBackoff, type Backoff } from './retry';

/**
 * Keeps one connector going: runs its start-up work (backfill, then following changes) and, when
 * that fails for any reason, whatever the vendor answered, runs it again after a capped backoff,
 * forever, until stopped. The work resumes from its checkpoints, so a rerun repeats little. Each
 * supervisor is independent: one connector failing never stops another.
 */

export interface SupervisorOptions {
  health: ConnectorHealth;
  logger: Logger;
  /** The work; it should give up promptly once `signal` aborts. */
  run(signal: AbortSignal): Promise<void>;
  clock?: Clock;
  /** Between reruns; the defaults are slower than a call's retries, up to 5 minutes. */
  backoff?: Partial<Backoff>;
  random?: () => number;
}

export interface Supervisor {
  /** Settles once the work has succeeded once, or the supervisor is stopped. */
  readonly started: Promise<void>;
  /** How many times the work was started. */
  readonly runs: number;
  /** Aborts the work and any wait; resolves when the loop has ended. */
  stop(): Promise<void>;
}

export function supervise(options: SupervisorOptions): Supervisor {
  const clock = options.clock ?? systemClock;
  const backoff: Backoff = { initialMs: 1_000, maxMs: 5 * 60_000, ...options.backoff };
  const controller = new AbortController();
  const { signal } = controller;
  let runs = 0;

  async function loop(): Promise<void> {
    for (let failures = 0; !signal.aborted;) {
      runs += 1;
      try {
        await options.run(signal);
        if (!signal.aborted) options.health.succeeded();
        return;
      } catch (error) {
        if (signal.aborted) return;
        failures += 1;
        options.health.failed(error);
        const delayMs = backoffDelay(failures, { ...defaultBackoff, ...backoff }, options.random);
        options.logger.debug(
          { failures, delayMs: Math.round(delayMs) },
          'connector rerun scheduled',
        );
        await clock.sleep(delayMs, signal).catch(() => undefined);
      }
    }
  }

  const started = loop();
  return {
    started,
    get runs() {
      return runs;
    },
    async stop() {
      controller.abort(new Error('connector stopping'));
      await started;
      options.health.stopped();
    },
  };
}
