import { errorMessage } from '../../lib/errors';
import { runBackfill, serverTime } from './backfill';
import { qboInstant } from './client';
import { getWatermark, publish, setWatermark, toEvents, type ConnectorContext } from './context';
import { readPages } from './pages';
import { QBO_ENTITIES, type QboEntity } from './vendor';

/**
 * The incremental poll, on QuickBooks' change data capture: `cdc?entities=…&changedSince=T`
 * answers every object of those entities changed after T, deleted ones as `status: "Deleted"`.
 *
 * - The watermark (persisted) is the server's clock of the last complete answer; each pass reads
 *   from it minus `overlapMs`, for changes committed late. Re-reads are harmless (the projector's
 *   version gate, and `publish` drops what it published lately).
 * - One answer holds at most 1,000 objects (`maxObjects`), oldest first. A full answer is read as
 *   "there may be more": the next request starts one second before the newest object in it (times
 *   are whole seconds, so objects of that same second may have been cut off). When that does not
 *   move forward (over 1,000 changes within about two seconds), the pass narrows to one entity at
 *   a time; if one entity alone is still stuck, its upserts of those two seconds are read with the
 *   query language (paged, uncapped) and the pass steps one second on. Only deletes beyond the cap
 *   inside such a second can be missed, and that is logged.
 * - CDC looks back at most 30 days. An older watermark (a connector stopped for a month) falls back
 *   to re-reading by query every record with `MetaData.LastUpdatedTime` after it; deletes in that
 *   gap cannot be seen by any API and are reported in the log.
 */

export interface CdcOptions {
  intervalMs?: number;
  overlapMs?: number;
  /** Objects per CDC answer at most (Intuit: 1,000). */
  maxObjects?: number;
  /** How far back CDC reaches (Intuit: 30 days), less a safety margin of a day. */
  maxDays?: number;
  /** Entities per request; all by default. */
  entities?: readonly QboEntity[];
}

export interface CdcResult {
  records: number;
  requests: number;
  /** Answers that came back full (the 1,000 cap), and were walked past. */
  capped: number;
  /** True when the watermark was too old and the pass re-read by query instead. */
  fallback: boolean;
  watermark: string | undefined;
}

const SECOND = 1000;

export class ChangePoller {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private running: Promise<CdcResult> | undefined;
  private readonly abort = new AbortController();
  private readonly maxObjects: number;
  private readonly entities: readonly QboEntity[];

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly options: CdcOptions = {},
  ) {
    this.maxObjects = options.maxObjects ?? 1000;
    this.entities = options.entities ?? QBO_ENTITIES;
  }

  /** One pass; a call during a pass shares it (two passes would only read the same twice). */
  runOnce(): Promise<CdcResult> {
    this.running ??= this.pass().finally(() => {
      this.running = undefined;
    });
    return this.running;
  }

  private async pass(): Promise<CdcResult> {
    const { ctx } = this;
    const result: CdcResult = {
      records: 0,
      requests: 0,
      capped: 0,
      fallback: false,
      watermark: undefined,
    };
    const watermark = await getWatermark(ctx);
    if (!watermark) {
      // Nothing read yet: watch from now on; history is the backfill's job.
      result.watermark = await serverTime(ctx);
      await setWatermark(ctx, result.watermark);
      return result;
    }
    const since = Date.parse(watermark) - (this.options.overlapMs ?? 30 * SECOND);
    const reach = ((this.options.maxDays ?? 30) - 1) * 86_400_000;
    if (ctx.clock.now() - since > reach) return this.fallback(watermark, result);
    const until = await this.drain(this.entities, since, result);
    if (this.abort.signal.aborted) return result;
    if (until > Date.parse(watermark)) {
      result.watermark = new Date(until).toISOString();
      await setWatermark(ctx, result.watermark);
    } else {
      result.watermark = watermark;
    }
    return result;
  }

  /** Reads every change of `entities` after `since`; returns the instant it is complete up to. */
  private async drain(
    entities: readonly QboEntity[],
    start: number,
    result: CdcResult,
  ): Promise<number> {
    const { ctx } = this;
    let since = start;
    for (;;) {
      if (this.abort.signal.aborted) return since;
      const answer = await ctx.client.cdc(entities, qboInstant(since));
      result.requests += 1;
      let newest = since;
      for (const { entity, rows } of answer.changes) {
        result.records += await publish(ctx, await toEvents(ctx, entity, rows));
        for (const row of rows) {
          const at = Date.parse(
            (row as { MetaData?: { LastUpdatedTime?: string } }).MetaData?.LastUpdatedTime ?? '',
          );
          if (at > newest) newest = at;
        }
      }
      if (answer.total < this.maxObjects) {
        const time = answer.time ? Date.parse(answer.time) : NaN;
        return Number.isNaN(time) ? newest : Math.max(time, newest);
      }
      result.capped += 1;
      const next = Math.floor(newest / SECOND) * SECOND - SECOND;
      if (next > since) {
        since = next;
        continue;
      }
      if (entities.length > 1) {
        ctx.logger.info(
          { since: qboInstant(since) },
          'QuickBooks CDC answer full within two seconds; reading entity by entity',
        );
        let complete = Infinity;
        for (const entity of entities) {
          complete = Math.min(complete, await this.drain([entity], since, result));
        }
        return complete;
      }
      since = await this.sweep(entities[0] ?? 'Customer', since, result);
    }
  }

  /** Upserts of one entity in [since, since + 2 s] by query (uncapped); returns since + 1 s. */
  private async sweep(entity: QboEntity, since: number, result: CdcResult): Promise<number> {
    const { ctx } = this;
    const from = qboInstant(since);
    const to = qboInstant(since + 2 * SECOND);
    ctx.logger.warn(
      { entity, from, to },
      'over 1,000 QuickBooks changes of one entity within two seconds: reading them by query; ' +
        'deletes beyond the CDC cap in this stretch may be missed',
    );
    const pages = readPages(ctx, {
      entity,
      where: `MetaData.LastUpdatedTime >= '${from}' and MetaData.LastUpdatedTime <= '${to}'`,
    });
    for await (const page of pages) {
      result.requests += 1;
      result.records += await publish(ctx, await toEvents(ctx, entity, page.rows));
    }
    return since + SECOND;
  }

  private async fallback(watermark: string, result: CdcResult): Promise<CdcResult> {
    const { ctx } = this;
    ctx.logger.warn(
      { watermark },
      'QuickBooks watermark is beyond the 30 days CDC reaches: re-reading changed records by ' +
        'query; records deleted meanwhile cannot be seen and stay in the store',
    );
    const since = new Date(Date.parse(watermark) - (this.options.overlapMs ?? 30 * SECOND));
    const backfill = await runBackfill(ctx, {
      since: since.toISOString(),
      keyPrefix: 'resync:',
      entities: this.entities,
      signal: this.abort.signal,
    });
    result.fallback = true;
    result.records += backfill.records;
    result.requests += backfill.pages;
    if (!this.abort.signal.aborted) {
      // The fallback's own start: CDC takes over from there, changes during it included.
      result.watermark = backfill.startedAt;
      await setWatermark(ctx, backfill.startedAt);
    }
    return result;
  }

  start(intervalMs = this.options.intervalMs ?? 60_000): void {
    if (this.timer) return;
    const tick = () => {
      this.current = this.runOnce()
        .then((r) => {
          if (r.records) this.ctx.logger.info(r, 'QuickBooks CDC published changes');
        })
        .catch((error) => {
          if (!this.abort.signal.aborted) {
            this.ctx.logger.error({ err: errorMessage(error) }, 'QuickBooks CDC pass failed');
          }
        })
        .finally(() => {
          if (!this.abort.signal.aborted) this.timer = setTimeout(tick, intervalMs);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.abort.abort();
    clearTimeout(this.timer);
    await this.current;
    await this.running?.catch(() => undefined);
  }
}
