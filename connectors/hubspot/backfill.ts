import { z } from 'zod';
import type { Progress } from '../common/progress';
import {
  getWatermark,
  publishObjects,
  raiseWatermark,
  withAssociations,
  type ConnectorContext,
} from './context';
import type { ObjectSpec } from './objects';

/**
 * The backfill: every live contact, company and deal through the list endpoints (100 a page, the
 * `after` cursor), with the associations the payloads need inline. The cursor is saved after each
 * published page, so a restart resumes at the next page. When a type is done, its watermarks are
 * raised to the instant its backfill began: what changed after that is the search poll's.
 */

const checkpointSchema = z.object({
  startedAt: z.number(),
  after: z.string().nullable(),
  done: z.boolean(),
});
type Checkpoint = z.infer<typeof checkpointSchema>;

export interface BackfillOptions {
  /** Ignore saved cursors and read everything again. */
  restart?: boolean;
  progress?: Progress;
}

export interface BackfillResult {
  records: number;
  pages: number;
}

const key = (spec: ObjectSpec) => `backfill:${spec.type}`;

async function savedCheckpoint(
  ctx: ConnectorContext,
  spec: ObjectSpec,
): Promise<Checkpoint | undefined> {
  const raw = await ctx.checkpoints.get(key(spec));
  if (!raw) return undefined;
  try {
    return checkpointSchema.parse(JSON.parse(raw));
  } catch {
    ctx.logger.warn({ type: spec.type }, 'HubSpot backfill checkpoint unreadable; starting over');
    return undefined;
  }
}

async function backfillType(
  ctx: ConnectorContext,
  spec: ObjectSpec,
  options: BackfillOptions,
  result: BackfillResult,
): Promise<void> {
  const saved = options.restart ? undefined : await savedCheckpoint(ctx, spec);
  if (saved?.done) return;
  const checkpoint: Checkpoint = saved ?? { startedAt: ctx.clock.now(), after: null, done: false };
  if (saved) ctx.logger.info({ type: spec.type }, 'HubSpot backfill resumes from its checkpoint');
  // Deletions from now on are the poll's (the store has nothing older to delete).
  if ((await getWatermark(ctx, 'deleted', spec.type)) === undefined) {
    await raiseWatermark(ctx, 'deleted', spec.type, checkpoint.startedAt);
  }
  let after = checkpoint.after ?? undefined;
  do {
    const page = await ctx.client.list(spec.type, {
      ...(after ? { after } : {}),
      properties: spec.properties,
      ...(spec.associated ? { associations: [spec.associated] } : {}),
    });
    const objects = await withAssociations(ctx, spec, page.results, true);
    result.records += await publishObjects(ctx, spec, objects);
    result.pages += 1;
    options.progress?.tick(objects.length);
    after = page.after;
    await ctx.checkpoints.set(
      key(spec),
      JSON.stringify({ ...checkpoint, after: after ?? null, done: after === undefined }),
    );
  } while (after);
  await raiseWatermark(ctx, 'modified', spec.type, checkpoint.startedAt);
}

export async function runBackfill(
  ctx: ConnectorContext,
  options: BackfillOptions = {},
): Promise<BackfillResult> {
  const result: BackfillResult = { records: 0, pages: 0 };
  for (const spec of Object.values(ctx.specs)) await backfillType(ctx, spec, options, result);
  return result;
}
