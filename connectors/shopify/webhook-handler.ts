import type { z } from 'zod';
import { publish, type ConnectorContext } from './context';
import { INVENTORY_LEVEL_QUERY, ORDER_QUERY } from './documents';
import { ShopifyApiError } from './errors';
import { mapInventoryLevel, mapOrder, upsertEvent } from './mapping';
import { inventoryLevelReadSchema, orderReadSchema } from './nodes';
import type { WebhookJob } from '../common/queue';
import { interpretWebhook } from './webhook-mapping';

/**
 * Reads one record and checks it against its schema. A node that does not match is not
 * published: the error is not retriable (asking again gives the same answer), so the queue logs
 * the webhook as dropped and reconciliation repairs the record.
 */
async function reread<S extends z.ZodType>(
  ctx: ConnectorContext,
  document: string,
  variables: Record<string, unknown>,
  schema: S,
): Promise<z.infer<S>> {
  const data = await ctx.client.request<unknown>(document, variables);
  const parsed = schema.safeParse(data);
  if (parsed.success) return parsed.data;
  const details = parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '/'}: ${i.message}`);
  throw new ShopifyApiError(`Shopify re-read does not match its schema: ${details.join('; ')}`, {
    code: 'SHOPIFY_INVALID_NODE',
    retriable: false,
  });
}

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
        const data = await reread(
          ctx,
          ORDER_QUERY,
          { id: `gid://shopify/Order/${action.orderId}` },
          orderReadSchema,
        );
        // Gone by now: its orders/delete webhook publishes the delete.
        if (data.order) await publish(ctx, [upsertEvent('order', mapOrder(data.order))]);
        return;
      }
      case 'refetch-inventory-level': {
        const data = await reread(
          ctx,
          INVENTORY_LEVEL_QUERY,
          {
            itemId: `gid://shopify/InventoryItem/${action.inventoryItemId}`,
            locationId: `gid://shopify/Location/${action.locationId}`,
          },
          inventoryLevelReadSchema,
        );
        const node = data.inventoryItem?.inventoryLevel;
        const level = node ? mapInventoryLevel(node) : null;
        if (level) await publish(ctx, [upsertEvent('inventory-level', level)]);
        return;
      }
    }
  };
}
