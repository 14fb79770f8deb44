import { errorMessage, PlexusError } from '../../lib/errors';
import {
  CONNECTOR_STATES,
  publishConnectorStatus,
  type ConnectorState,
  type ConnectorStatus,
} from '../../lib/connector-status';
import type { Logger } from '../../lib/logger';
import { connectorFailures, connectorLastSuccess, connectorState } from '../../lib/metrics';
import { excerpt, HttpApiError } from './answer';
import { systemClock, type Clock } from './clock';

/**
 * One connector's health: starting, running, backing off (failures, still within a few tries),
 * failing (they persist), or stopped. Vendor clients report every call's outcome and the
 * supervisor every run's; the state is logged once per change (not once per retry), with the
 * vendor's answer, and feeds the metrics and the readiness board.
 */

/** What a vendor client tells about each call it makes. */
export interface CallObserver {
  succeeded(): void;
  failed(error: unknown): void;
}

export interface ConnectorHealthOptions {
  connector: string;
  logger: Logger;
  clock?: Clock;
  /** Consecutive failures after which backing off becomes failing. */
  failingAfter?: number;
  /** False keeps it off the process-wide board (tests that run several side by side). */
  publish?: boolean;
}

/** What the vendor answered, in a few words, when the error kept it. */
function answerOf(error: unknown): string | undefined {
  if (error instanceof HttpApiError) {
    if (error.details.excerpt) return error.details.excerpt;
    return error.body === undefined ? undefined : excerpt(JSON.stringify(error.body));
  }
  if (typeof error === 'object' && error !== null && 'excerpt' in error) {
    return typeof error.excerpt === 'string' ? error.excerpt : undefined;
  }
  return undefined;
}

/** A failure in one line: message, code, underlying cause and what the vendor answered. */
export function describeFailure(error: unknown): string {
  const parts = [errorMessage(error)];
  if (error instanceof PlexusError) parts.push(`[${error.code}]`);
  if (error instanceof Error && error.cause instanceof Error)
    parts.push(`(${error.cause.message})`);
  const answer = answerOf(error);
  if (answer) parts.push(`answer: ${answer}`);
  return parts.join(' ');
}

export class ConnectorHealth implements CallObserver {
  private current: ConnectorState = 'starting';
  private since: number;
  private failingSince: number | undefined;
  private lastSuccess: number | undefined;
  private lastError: string | undefined;
  private failures = 0;
  private readonly clock: Clock;
  private readonly unpublish: () => void;

  constructor(private readonly options: ConnectorHealthOptions) {
    this.clock = options.clock ?? systemClock;
    this.since = this.clock.now();
    this.unpublish =
      options.publish === false
        ? () => undefined
        : publishConnectorStatus(options.connector, () => this.status());
    this.gauge();
  }

  get state(): ConnectorState {
    return this.current;
  }

  succeeded(): void {
    const now = this.clock.now();
    this.lastSuccess = now;
    connectorLastSuccess.set({ connector: this.options.connector }, now / 1000);
    if (this.current === 'running' || this.current === 'stopped') return;
    const downSince = this.failingSince;
    this.failures = 0;
    this.failingSince = undefined;
    this.move('running', () =>
      downSince === undefined
        ? this.options.logger.info({ connector: this.options.connector }, 'connector running')
        : this.options.logger.info(
            { connector: this.options.connector, downMs: now - downSince },
            'connector recovered: the vendor answers again',
          ),
    );
  }

  failed(error: unknown): void {
    if (this.current === 'stopped') return;
    connectorFailures.inc({ connector: this.options.connector });
    this.failures += 1;
    this.failingSince ??= this.clock.now();
    this.lastError = describeFailure(error);
    const next =
      this.current === 'failing' || this.failures >= (this.options.failingAfter ?? 5)
        ? 'failing'
        : 'backing_off';
    const fields = {
      connector: this.options.connector,
      failures: this.failures,
      error: this.lastError,
    };
    this.move(next, () =>
      next === 'failing'
        ? this.options.logger.error(fields, 'connector failing; it keeps retrying with backoff')
        : this.options.logger.warn(fields, 'connector backing off after a failed vendor call'),
    );
  }

  stopped(): void {
    this.move('stopped', () =>
      this.options.logger.info({ connector: this.options.connector }, 'connector stopped'),
    );
    this.unpublish();
  }

  status(): ConnectorStatus {
    const iso = (ms: number | undefined) =>
      ms === undefined ? undefined : new Date(ms).toISOString();
    return {
      connector: this.options.connector,
      state: this.current,
      since: new Date(this.since).toISOString(),
      consecutiveFailures: this.failures,
      ...(this.failingSince !== undefined ? { failingSince: iso(this.failingSince) } : {}),
      ...(this.lastSuccess !== undefined ? { lastSuccess: iso(this.lastSuccess) } : {}),
      ...(this.lastError !== undefined ? { lastError: this.lastError } : {}),
    };
  }

  private move(next: ConnectorState, log: () => void): void {
    if (next === this.current) return;
    this.current = next;
    this.since = this.clock.now();
    log();
    this.gauge();
  }

  private gauge(): void {
    for (const state of CONNECTOR_STATES) {
      connectorState.set(
        { connector: this.options.connector, state },
        state === this.current ? 1 : 0,
      );
    }
  }
}
