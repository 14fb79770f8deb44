import { publish, type ConnectorContext } from './context';
import { INVENTORY_LEVEL_QUERY, ORDER_QUERY } from './documents';
import { mapInventoryLevel, mapOrder, upsertEvent } from './mapping';
import type { WebhookJob } from '../common/queue';
import type { InventoryLevelNode, OrderNode } from './types';
import { interpretWebhook } from './webhook-mapping';

/** The worker's step for one webhook: map it (or re-read the record it names) and publish. */
export function webhookHandler(ctx: ConnectorContext) {
  return async (job: WebhookJob): Promise<void> => {
    const result = interpretWebhook(job.topic, job.body, job.triggeredAt);
    if (!result.ok) {
      ctx.logger.warn(
        { topic: job.topic, eventId: job.eventId, reason: result.reason },
        'Shopify webhook unusable',
      );
      return;
    }
    const action = result.action;
    switch (action.kind) {
      case 'ignore':
        ctx.logger.debug({ topic: job.topic }, action.reason);
        return;
      case 'events':
        await publish(ctx, action.events);
        return;
      case 'refetch-order': {
        const id = `gid://shopify/Order/${action.orderId}`;
        const data = await ctx.client.request<{ order: OrderNode | null }>(ORDER_QUERY, { id });
        // Gone by now (deleted): nothing to publish; Shopify sends no order delete we could map.
        if (data.order) await publish(ctx, [upsertEvent('order', mapOrder(data.order))]);
        return;
      }
      case 'refetch-inventory-level': {
        const data = await ctx.client.request<{
          inventoryItem: { inventoryLevel: InventoryLevelNode | null } | null;
        }>(INVENTORY_LEVEL_QUERY, {
          itemId: `gid://shopify/InventoryItem/${action.inventoryItemId}`,
          locationId: `gid://shopify/Location/${action.locationId}`,
        });
        const node = data.inventoryItem?.inventoryLevel;
        const level = node ? mapInventoryLevel(node) : null;
        if (level) await publish(ctx, [upsertEvent('inventory-level', level)]);
        return;
      }
    }
  };
}
