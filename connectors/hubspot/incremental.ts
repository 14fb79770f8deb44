import { errorMessage } from '../../lib/errors';
import {
  getWatermark,
  publish,
  publishObjects,
  raiseWatermark,
  withAssociations,
  type ConnectorContext,
} from './context';
import { deleteEvent, modifiedAt } from './mapping';
import type { ObjectSpec, ObjectType } from './objects';
import { changedBetween, type WindowOptions, type WindowStats } from './search-window';

/**
 * The search poll: webhooks can be lost, so every interval each type is searched for objects
 * modified after its watermark (minus an overlap: HubSpot's search index trails writes by a few
 * seconds), and archived objects newer than the delete watermark become deletes. Re-published
 * records are harmless: the projector's version gate drops what is not newer.
 */

export interface PollOptions {
  intervalMs?: number;
  overlapMs?: number;
  /** Window slicing (tests lower the cap). */
  window?: Omit<WindowOptions, 'stats'>;
}

export interface PollResult {
  records: number;
  deletes: number;
  /** Types whose pass failed this time (logged); the next pass tries them again. */
  failed: ObjectType[];
}

async function pollChanges(
  ctx: ConnectorContext,
  spec: ObjectSpec,
  options: PollOptions,
  stats: WindowStats,
): Promise<number> {
  const now = ctx.clock.now();
  const watermark = await getWatermark(ctx, 'modified', spec.type);
  if (watermark === undefined) {
    // Nothing published yet: watch from now on; history is the backfill's job.
    await raiseWatermark(ctx, 'modified', spec.type, now);
    return 0;
  }
  const from = watermark - (options.overlapMs ?? 30_000);
  let records = 0;
  let newest: number | undefined;
  for await (const page of changedBetween(ctx.client, spec, from, now, {
    ...options.window,
    stats,
  })) {
    const objects = await withAssociations(ctx, spec, page, false);
    records += await publishObjects(ctx, spec, objects);
    for (const o of objects) newest = Math.max(newest ?? 0, modifiedAt(o, spec.modifiedProperty));
    // Saved per page: a pass that fails half-way does not read the first half again.
    await raiseWatermark(ctx, 'modified', spec.type, newest);
  }
  return records;
}

/** Archived objects (HubSpot keeps them 90 days) newer than the delete watermark → deletes. */
async function pollDeletes(
  ctx: ConnectorContext,
  spec: ObjectSpec,
  options: PollOptions,
): Promise<number> {
  const watermark = await getWatermark(ctx, 'deleted', spec.type);
  if (watermark === undefined) {
    await raiseWatermark(ctx, 'deleted', spec.type, ctx.clock.now());
    return 0;
  }
  const since = watermark - (options.overlapMs ?? 30_000);
  let deletes = 0;
  let newest: number | undefined;
  let after: string | undefined;
  do {
    const page = await ctx.client.list(spec.type, {
      ...(after ? { after } : {}),
      properties: [spec.modifiedProperty],
      archived: true,
    });
    const events = page.results.flatMap((o) => {
      const at = (o.archivedAt ?? o.updatedAt).getTime();
      if (at <= since) return [];
      newest = Math.max(newest ?? 0, at);
      return [deleteEvent(spec.entity, o.id, at)];
    });
    deletes += await publish(ctx, events);
    after = page.after;
  } while (after);
  await raiseWatermark(ctx, 'deleted', spec.type, newest);
  return deletes;
}

export class Poller {
  private timer: NodeJS.Timeout | undefined;
  private current: Promise<unknown> | undefined;
  private stopped = false;
  readonly windowStats: WindowStats = { searches: 0, bisections: 0 };

  constructor(
    private readonly ctx: ConnectorContext,
    private readonly options: PollOptions = {},
  ) {}

  /** One pass over every type; a type that fails (and is logged) does not stop the others. */
  async runOnce(): Promise<PollResult> {
    const result: PollResult = { records: 0, deletes: 0, failed: [] };
    for (const spec of Object.values(this.ctx.specs)) {
      if (this.stopped) break;
      try {
        result.records += await pollChanges(this.ctx, spec, this.options, this.windowStats);
        result.deletes += await pollDeletes(this.ctx, spec, this.options);
      } catch (error) {
        result.failed.push(spec.type);
        this.ctx.logger.error(
          { type: spec.type, err: errorMessage(error) },
          'HubSpot search poll failed',
        );
      }
    }
    return result;
  }

  start(): void {
    if (this.timer || this.stopped) return;
    const tick = () => {
      this.current = this.runOnce()
        .then((r) => {
          if (r.records || r.deletes) this.ctx.logger.info(r, 'HubSpot poll published changes');
        })
        .finally(() => {
          if (!this.stopped) this.timer = setTimeout(tick, this.options.intervalMs ?? 60_000);
        });
    };
    this.timer = setTimeout(tick, 0);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.current;
  }
}
