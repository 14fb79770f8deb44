import { setTimeout as delay } from 'node:timers/promises';
import { backoffDelay, isRetriable, retryAfterOf, type Backoff } from '../connectors/common/retry';
import { publishConnectorStatus, type ConnectorState } from '../lib/connector-status';
import { errorMessage } from '../lib/errors';
import type { Logger } from '../lib/logger';
import { flowKeys, flowRunSeconds, flowRuns } from '../lib/metrics';
import { canonicalTopic, type CanonicalEntity } from '../schema/events';
import type { Orm } from '../store/orm';
import { decodeCanonical } from '../streams/codec';
import type { Batch, Stream, StreamConsumer } from '../streams/stream';
import { RefusedError, type Flow, type FlowOutcome } from './flow';
import { Ledger, type FlowRun, type RunResult } from './ledger';

export interface FlowRunnerOptions {
  flow: Flow;
  stream: Stream;
  orm: Orm;
  logger: Logger;
  namespace?: string;
  /** The consumer group; `flows-<namespace>-<flow>` by default (flowGroupId). */
  groupId?: string;
  /** Keys run at once. */
  concurrency?: number;
  /** How often the ledger is looked at for due keys another process queued (CLI retry, backoff). */
  pollMs?: number;
  /**
   * How long a claimed key is this worker's unless renewed; past it another may run it (this one
   * died). A run renews it every third of it.
   */
  leaseMs?: number;
  /** Waits between retries of a transient failure, per key. */
  backoff?: Partial<Backoff>;
  /** Attempts at an error that is neither transient nor a refusal (a bug?) before it is failed. */
  maxUnexpectedAttempts?: number;
  /**
   * How long stop() waits for runs in flight once told to stop. A vendor call that ignores the
   * abort must not hold a shutdown past its deadline; a run left behind is a crash the flows are
   * built for (its lease lapses, and the lookup before each create finds what it wrote).
   */
  stopGraceMs?: number;
}

export interface FlowStatus {
  flow: string;
  state: ConnectorState;
  since: string;
  lastError?: string;
  consecutiveFailures: number;
}

export const flowGroupId = (namespace: string, flow: string): string =>
  `flows-${namespace}-${flow}`;

/** The canonical topics a flow consumes: its triggers' and its mappings'. */
export function flowTopics(flow: Flow, namespace: string): string[] {
  const entities = new Set<CanonicalEntity>([...flow.triggers, ...(flow.mappings ?? [])]);
  return [...entities].map((entity) => canonicalTopic(entity, namespace));
}

const DEFAULT_LEASE_MS = 30_000;
const DEFAULT_BACKOFF: Backoff = { initialMs: 1_000, maxMs: 5 * 60_000 };
// A flow is failing, not just backing off, after this many failed runs in a row.
const FAILING_AFTER = 5;

/**
 * Runs one flow: a consumer group on the canonical topics of its triggers, which records the keys
 * a change calls for as pending in the ledger before the change's offsets commit (a crash loses
 * nothing accepted), and a worker that runs due keys, a few at once, each under a lease. Transient
 * failures retry per key with capped backoff; refusals wait in the ledger with the vendor's
 * message for a person (`plexus flows retry`); parked keys go round again when a change on one
 * of the flow's `mappings` topics arrives.
 */
export class FlowRunner {
  private readonly ledger: Ledger;
  private readonly logger: Logger;
  private consumer: StreamConsumer | undefined;
  private readonly abort = new AbortController();
  private loop: Promise<void> | undefined;
  private wake: (() => void) | undefined;
  private woken = false;
  private status: FlowStatus;
  private unpublish: (() => void) | undefined;
  private countedAt = 0;

  constructor(private readonly options: FlowRunnerOptions) {
    this.ledger = new Ledger(options.orm);
    this.logger = options.logger.child({ flow: options.flow.name });
    this.status = {
      flow: options.flow.name,
      state: 'starting',
      since: new Date().toISOString(),
      consecutiveFailures: 0,
    };
  }

  get name(): string {
    return this.options.flow.name;
  }

  async start(): Promise<void> {
    const { flow, stream } = this.options;
    const namespace = this.options.namespace ?? 'plexus';
    const topics = flowTopics(flow, namespace);
    await stream.ensureTopics(topics.map((topic) => ({ topic, compacted: true })));
    this.unpublish = publishConnectorStatus(`flow:${flow.name}`, () => ({
      connector: `flow:${flow.name}`,
      state: this.status.state,
      since: this.status.since,
      consecutiveFailures: this.status.consecutiveFailures,
      ...(this.status.lastError ? { lastError: this.status.lastError } : {}),
    }));
    this.loop = this.work();
    const consumer = await stream.consumer(
      this.options.groupId ?? flowGroupId(namespace, flow.name),
    );
    this.consumer = consumer;
    // Canonical topics are compacted: from the beginning, a new flow sees every current record.
    await consumer.subscribe(topics, { fromBeginning: true });
    await consumer.run({ eachBatch: (batch) => this.accept(batch) });
    this.setState('running');
  }

  async stop(): Promise<void> {
    await this.consumer?.disconnect();
    this.abort.abort();
    this.wake?.();
    const graceMs = this.options.stopGraceMs ?? 5_000;
    const settled = await Promise.race([
      this.loop?.then(() => true),
      delay(graceMs, false, { ref: false }),
    ]);
    if (settled === false) {
      this.logger.warn({ graceMs }, 'flow stopped with runs still in flight; they run again later');
    }
    this.setState('stopped');
    this.unpublish?.();
  }

  /** Looks at the ledger now (a retry was queued). */
  kick(): void {
    this.woken = true;
    this.wake?.();
  }

  health(): FlowStatus {
    return { ...this.status };
  }

  /** Keys for the batch's changes go to the ledger; when this resolves, the offsets commit. */
  private async accept(batch: Batch): Promise<void> {
    const { flow } = this.options;
    const keys: string[] = [];
    let mappingChanged = false;
    for (const message of batch.messages) {
      const decoded = decodeCanonical(message.value);
      if (!decoded.ok) {
        this.logger.warn(
          { topic: batch.topic, offset: message.offset, reason: decoded.reason },
          'canonical message skipped',
        );
        continue;
      }
      const { entity, id, data } = decoded.change;
      if (flow.triggers.includes(entity))
        keys.push(...flow.keysFor(entity, data ?? { id, deleted: true }));
      if (flow.mappings?.includes(entity)) mappingChanged = true;
    }
    if (keys.length) await this.ledger.markPending(flow.name, keys);
    if (mappingChanged) {
      const requeued = await this.ledger.requeue(flow.name, { from: ['parked'] });
      if (requeued) this.logger.info({ requeued }, 'a mapping changed: parked keys run again');
    }
    if (keys.length || mappingChanged) this.kick();
  }

  private async work(): Promise<void> {
    const concurrency = this.options.concurrency ?? 4;
    const pollMs = this.options.pollMs ?? 1_000;
    let outage = 0;
    while (!this.abort.signal.aborted) {
      let found = 0;
      try {
        this.woken = false;
        const rows = await this.ledger.due(this.name, concurrency * 4);
        found = rows.length;
        await pool(rows, concurrency, (row) => this.runClaimed(row));
        await this.refreshCounts();
        if (outage > 0) this.logger.info({ failures: outage }, 'flow ledger reachable again');
        outage = 0;
      } catch (error) {
        if (outage === 0) this.logger.warn({ err: error }, 'flow worker failed; will retry');
        outage += 1;
      }
      if (this.abort.signal.aborted) break;
      if (found > 0 && outage === 0) continue;
      const waitMs = outage > 0 ? Math.min(pollMs * 2 ** outage, 30_000) : pollMs;
      if (!this.woken || outage > 0) await this.sleep(waitMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private async runClaimed(row: FlowRun): Promise<void> {
    if (this.abort.signal.aborted) return;
    const leaseMs = this.options.leaseMs ?? DEFAULT_LEASE_MS;
    if (!(await this.ledger.claim(row, leaseMs))) return;
    // A short lease renewed while the run lasts: the keys of a worker killed mid-run are free
    // again within one lease, and a slow run (timeouts, etag retries) is never run twice at once.
    // A failed renewal is not this run's failure: record() reports the store being unreachable.
    const renewal = setInterval(
      () => void this.ledger.renew(row, leaseMs).catch(() => undefined),
      leaseMs / 3,
    );
    renewal.unref();
    try {
      await this.runAndRecord(row);
    } finally {
      clearInterval(renewal);
    }
  }

  private async runAndRecord(row: FlowRun): Promise<void> {
    const { flow, orm } = this.options;
    const started = Date.now();
    const result = await this.run(row, () =>
      flow.sync(row.key, {
        em: orm.em.fork(),
        logger: this.logger.child({ key: row.key }),
        previous: {
          state: row.state,
          sourceVersion: row.sourceVersion,
          targetId: row.targetId,
          attempts: row.attempts,
        },
        signal: this.abort.signal,
      }),
    );
    flowRunSeconds.observe({ flow: flow.name }, (Date.now() - started) / 1000);
    await this.ledger.record(row, result);
  }

  /** Runs the sync and turns its outcome or error into what the ledger records. */
  private async run(row: FlowRun, sync: () => Promise<FlowOutcome>): Promise<RunResult> {
    const now = Date.now();
    let result: RunResult;
    let outcome: string;
    try {
      const out = await sync();
      outcome = out.state;
      result =
        out.state === 'done'
          ? {
              state: 'done',
              targetId: out.targetId,
              sourceVersion: out.sourceVersion,
              attempts: 0,
              lastError: null,
              nextAttemptAt: new Date(now),
            }
          : out.state === 'unchanged'
            ? {
                state: 'done',
                sourceVersion: out.sourceVersion,
                attempts: 0,
                lastError: null,
                nextAttemptAt: new Date(now),
              }
            : {
                state: out.state,
                attempts: 0,
                lastError: out.reason,
                nextAttemptAt: new Date(now),
              };
      this.succeeded();
    } catch (error) {
      const attempts = row.attempts + 1;
      const message = errorMessage(error);
      if (this.abort.signal.aborted) {
        // Shutdown cut the run short: not the key's fault, so it runs first thing next time.
        return {
          state: 'retrying',
          attempts: row.attempts,
          lastError: row.lastError,
          nextAttemptAt: new Date(now),
        };
      }
      const refused = error instanceof RefusedError;
      const giveUp =
        refused || (!isRetriable(error) && attempts >= (this.options.maxUnexpectedAttempts ?? 5));
      const delay =
        retryAfterOf(error) ??
        backoffDelay(attempts, { ...DEFAULT_BACKOFF, ...this.options.backoff });
      outcome = giveUp ? 'failed' : 'retrying';
      result = giveUp
        ? { state: 'failed', attempts, lastError: message, nextAttemptAt: new Date(now) }
        : { state: 'retrying', attempts, lastError: message, nextAttemptAt: new Date(now + delay) };
      if (!refused) this.failed(message);
      if (!refused && !isRetriable(error) && row.lastError !== message)
        this.logger.error({ err: error, key: row.key }, 'flow run threw an unexpected error');
    }
    flowRuns.inc({ flow: this.name, outcome });
    // Once per change of a key's state, not once per retry.
    if (result.lastError !== row.lastError) {
      if (result.lastError === null)
        this.logger.info({ key: row.key, was: row.lastError }, 'flow key in line again');
      else
        this.logger.warn(
          { key: row.key, state: result.state, reason: result.lastError },
          `flow key ${result.state}`,
        );
    }
    return result;
  }

  private succeeded(): void {
    if (this.status.consecutiveFailures > 0 || this.status.state !== 'running') {
      if (this.status.state === 'failing' || this.status.state === 'backing_off')
        this.logger.info({ failures: this.status.consecutiveFailures }, 'flow recovered');
      this.status = { ...this.status, consecutiveFailures: 0, lastError: undefined };
      this.setState('running');
    }
  }

  private failed(message: string): void {
    const failures = this.status.consecutiveFailures + 1;
    this.status = { ...this.status, consecutiveFailures: failures, lastError: message };
    const state: ConnectorState = failures >= FAILING_AFTER ? 'failing' : 'backing_off';
    if (state !== this.status.state) {
      if (state === 'failing')
        this.logger.error(
          { failures, lastError: message },
          'flow failing: every recent run failed',
        );
      this.setState(state);
    }
  }

  private setState(state: ConnectorState): void {
    if (this.status.state === state) return;
    this.status = { ...this.status, state, since: new Date().toISOString() };
  }

  private async refreshCounts(): Promise<void> {
    if (Date.now() - this.countedAt < 5_000) return;
    this.countedAt = Date.now();
    const counts = await this.ledger.counts(this.name);
    for (const state of ['pending', 'done', 'parked', 'skipped', 'failed', 'retrying'] as const)
      flowKeys.set({ flow: this.name, state }, counts[state] ?? 0);
  }
}

/** Runs `work` over `items`, at most `limit` at once. */
async function pool<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  });
  await Promise.all(lanes);
}
