import type { Logger } from '../lib/logger';

/**
 * Runs the cleanup once on SIGTERM or SIGINT, then exits. The cleanup has a deadline: past it the
 * process exits anyway (what was in flight resumes from checkpoints on the next start), so a
 * vendor that hangs never keeps it alive. A second signal exits at once.
 */
export function onShutdown(
  logger: Logger,
  cleanup: () => Promise<void>,
  options: { deadlineMs?: number } = {},
): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    void shutdownWithin(cleanup, options.deadlineMs ?? 20_000).then((outcome) => {
      if (outcome.result === 'failed') logger.error({ err: outcome.error }, 'shutdown failed');
      if (outcome.result === 'deadline') {
        logger.error(
          { deadlineMs: options.deadlineMs ?? 20_000 },
          'shutdown deadline passed; exiting with work unfinished',
        );
      }
      process.exit(outcome.result === 'done' ? 0 : 1);
    });
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

export type ShutdownOutcome =
  { result: 'done' } | { result: 'failed'; error: unknown } | { result: 'deadline' };

/** The cleanup's outcome, or `deadline` once `deadlineMs` pass without one. */
export function shutdownWithin(
  cleanup: () => Promise<void>,
  deadlineMs: number,
): Promise<ShutdownOutcome> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<ShutdownOutcome>((resolve) => {
    timer = setTimeout(() => resolve({ result: 'deadline' }), deadlineMs);
  });
  const work = cleanup().then(
    (): ShutdownOutcome => ({ result: 'done' }),
    (error: unknown): ShutdownOutcome => ({ result: 'failed', error }),
  );
  return Promise.race([work, deadline]).finally(() => clearTimeout(timer));
}
