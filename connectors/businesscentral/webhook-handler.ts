import type { WebhookJob } from '../common/queue';
import type { BcSet } from './client';
import { publish, type BcContext } from './context';
import type { Poller } from './incremental';
import { parseResource, type NotificationItem } from './notification';
import { deleteEvents } from './sets';

/**
 * The worker's step for one accepted delivery. BC notifications carry only the resource URL, so
 * a created/updated item (or a `collection`: too many changes to list) asks for a poll of its
 * set; a delete becomes a delete event at once (a poll cannot see what is gone). Posting a
 * shipment changes its order, and shipments cannot be subscribed to: an order's notification
 * polls shipments too.
 */
export function notificationHandler(ctx: BcContext, poller: Poller) {
  return async (job: WebhookJob): Promise<void> => {
    const items = job.body as NotificationItem[];
    const sets = new Set<BcSet>();
    for (const item of items) {
      const ref = parseResource(item.resource);
      if (!ref || ref.companyId !== ctx.config.companyId) {
        ctx.logger.warn(
          { resource: item.resource, changeType: item.changeType },
          'Business Central notification for a resource this connector does not read',
        );
        continue;
      }
      if (item.changeType === 'deleted' && ref.id) {
        const events = await deleteEvents(ctx, ref.set, ref.id, item.lastModifiedDateTime);
        ctx.counters.deletes += events.filter((e) => e.op === 'delete').length;
        await publish(ctx, events);
        continue;
      }
      sets.add(ref.set);
      if (ref.set === 'salesOrders') sets.add('salesShipments');
    }
    await Promise.all([...sets].map((set) => poller.request(set)));
  };
}
