import { raw } from '@mikro-orm/core';
import type { EntityManager } from '@mikro-orm/knex';
import type { Orm } from '../store/orm';
import { FlowRun, type FlowRunState } from '../store/flows/flow-run.entity';

export type { FlowRun, FlowRunState };

/** States the worker runs; the others wait for a change, a mapping or a person. */
const RUNNABLE: FlowRunState[] = ['pending', 'retrying'];

/** What the runner records when a run ends. */
export interface RunResult {
  state: Exclude<FlowRunState, 'pending'>;
  sourceVersion?: string | null;
  targetId?: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
}

/**
 * The flow ledger (table flow_run): one row per (flow, key). Keys enter as pending when a change
 * calls for them, before the offsets of that change commit, so nothing accepted is lost; a worker
 * claims a due key with a lease (one conditional update: two workers never run one key at once),
 * runs it, and records the outcome. Every write is a single statement or one short transaction.
 */
export class Ledger {
  constructor(private readonly orm: Orm) {}

  private em(): EntityManager {
    return this.orm.em.fork();
  }

  /** Records that changes ask for `keys` of `flow`: pending now, whatever their state was. */
  async markPending(flow: string, keys: string[], now = new Date()): Promise<void> {
    const unique = [...new Set(keys)];
    if (unique.length === 0) return;
    await this.em().transactional(async (em) => {
      await em
        .createQueryBuilder(FlowRun)
        .insert(
          unique.map((key) => ({
            flow,
            key,
            state: 'pending' as const,
            sourceVersion: null,
            targetId: null,
            attempts: 0,
            lastError: null,
            nextAttemptAt: now,
            generation: 0,
            updatedAt: now,
          })),
        )
        .onConflict(['flow', 'key'])
        .ignore()
        .execute();
      await em.nativeUpdate(
        FlowRun,
        { flow, key: { $in: unique } },
        { state: 'pending', nextAttemptAt: now, updatedAt: now, generation: raw('generation + 1') },
      );
    });
  }

  /**
   * Sends keys waiting in `from` states round again (all of the flow's, or the given ones): a
   * mapping appeared, or a person asked (`plexus flows retry`). Returns how many.
   */
  async requeue(
    flow: string,
    options: { from: FlowRunState[]; keys?: string[]; resetAttempts?: boolean },
    now = new Date(),
  ): Promise<number> {
    return this.em().nativeUpdate(
      FlowRun,
      {
        flow,
        state: { $in: options.from },
        ...(options.keys ? { key: { $in: options.keys } } : {}),
      },
      {
        state: 'pending',
        nextAttemptAt: now,
        updatedAt: now,
        generation: raw('generation + 1'),
        ...(options.resetAttempts ? { attempts: 0 } : {}),
      },
    );
  }

  /** Runnable keys whose time has come and that no live worker holds, oldest first. */
  async due(flow: string, limit: number, now = new Date()): Promise<FlowRun[]> {
    return this.em().find(
      FlowRun,
      {
        flow,
        state: { $in: RUNNABLE },
        nextAttemptAt: { $lte: now },
        $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }],
      },
      { orderBy: { nextAttemptAt: 'asc' }, limit },
    );
  }

  /** Takes `row` for `leaseMs`, if it is still as it was read; false when another worker has it. */
  async claim(row: FlowRun, leaseMs: number, now = new Date()): Promise<boolean> {
    const taken = await this.em().nativeUpdate(
      FlowRun,
      {
        flow: row.flow,
        key: row.key,
        generation: row.generation,
        state: { $in: RUNNABLE },
        $or: [{ leaseUntil: null }, { leaseUntil: { $lt: now } }],
      },
      { leaseUntil: new Date(now.getTime() + leaseMs) },
    );
    return taken === 1;
  }

  /** Keeps `row` this worker's for `leaseMs` more, while its run goes on (record releases it). */
  async renew(row: FlowRun, leaseMs: number, now = new Date()): Promise<void> {
    await this.em().nativeUpdate(
      FlowRun,
      { flow: row.flow, key: row.key, leaseUntil: { $ne: null } },
      { leaseUntil: new Date(now.getTime() + leaseMs) },
    );
  }

  /**
   * Records a run's result and releases the key. When a change asked for the key while it ran
   * (its generation moved on), the result is kept but the key stays pending, to run again at once.
   */
  async record(row: FlowRun, result: RunResult, now = new Date()): Promise<'recorded' | 'rerun'> {
    const em = this.em();
    const values = {
      ...(result.sourceVersion !== undefined ? { sourceVersion: result.sourceVersion } : {}),
      ...(result.targetId !== undefined ? { targetId: result.targetId } : {}),
      attempts: result.attempts,
      lastError: result.lastError,
      leaseUntil: null,
      updatedAt: now,
    };
    const same = await em.nativeUpdate(
      FlowRun,
      { flow: row.flow, key: row.key, generation: row.generation },
      { ...values, state: result.state, nextAttemptAt: result.nextAttemptAt },
    );
    if (same === 1) return 'recorded';
    await em.nativeUpdate(
      FlowRun,
      { flow: row.flow, key: row.key },
      { ...values, state: 'pending', nextAttemptAt: now },
    );
    return 'rerun';
  }

  async get(flow: string, key: string): Promise<FlowRun | null> {
    return this.em().findOne(FlowRun, { flow, key });
  }

  async list(
    filter: { flow?: string; states?: FlowRunState[]; keys?: string[] },
    limit = 100,
  ): Promise<FlowRun[]> {
    return this.em().find(
      FlowRun,
      {
        ...(filter.flow ? { flow: filter.flow } : {}),
        ...(filter.states ? { state: { $in: filter.states } } : {}),
        ...(filter.keys ? { key: { $in: filter.keys } } : {}),
      },
      { orderBy: { updatedAt: 'desc' }, limit },
    );
  }

  /** Rows per state of a flow, for health and metrics. */
  async counts(flow: string): Promise<Partial<Record<FlowRunState, number>>> {
    const rows = await this.em()
      .createQueryBuilder(FlowRun)
      .select(['state', raw('count(*) as n')])
      .where({ flow })
      .groupBy('state')
      .execute<Array<{ state: FlowRunState; n: number | string }>>();
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}
