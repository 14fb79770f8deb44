import type { WebhookJob } from '../common/queue';
import { publish, publishObjects, withAssociations, type ConnectorContext } from './context';
import { deleteEvent } from './mapping';
import { planWebhookWork, webhookBodySchema } from './webhook-events';

/**
 * The worker's step for one delivery: deletions become delete events at once; every other
 * object named is read again (batch read, then its associations) and published as it is now.
 * An object archived meanwhile is simply absent from the batch read: its deletion event, or the
 * poll's archived list, publishes the delete.
 */
export function webhookHandler(ctx: ConnectorContext) {
  return async (job: WebhookJob): Promise<void> => {
    const events = webhookBodySchema.safeParse(job.body);
    if (!events.success) {
      ctx.logger.warn({ eventId: job.eventId }, 'HubSpot webhook job unusable');
      return;
    }
    const work = planWebhookWork(events.data);
    for (const [type, gone] of work.deleted) {
      const { entity } = ctx.specs[type];
      await publish(
        ctx,
        [...gone].map(([id, at]) => deleteEvent(entity, id, at)),
      );
    }
    for (const [type, ids] of work.reread) {
      const spec = ctx.specs[type];
      const found = await ctx.client.batchRead(type, [...ids], spec.properties);
      await publishObjects(ctx, spec, await withAssociations(ctx, spec, found, false));
    }
  };
}
