import type { ChangeEvent } from '../../schema/events';
import type { WebhookJob } from '../common/queue';
import { quote } from './client';
import { publish, toEvents, type ConnectorContext } from './context';
import { deleteEvent } from './mapping';
import type { PendingChanges } from './pending';
import { isQboEntity, type EntityChange, type QboEntity } from './vendor';
import type { NotificationJobBody } from './webhook-route';

/**
 * The worker's step for one notification. Intuit sends only names and ids, so the records are
 * re-read: one `select * from <Entity> where Id in (…)` per entity named (not one read per id,
 * which a busy book would push over the request budget). Deletes need no read: they become
 * `delete` events at once. A record gone by the time it is read was deleted meanwhile; its delete
 * arrives by its own notification or the next CDC pass.
 */

const BATCH = 100;

export function webhookHandler(ctx: ConnectorContext, pending: PendingChanges) {
  return async (job: WebhookJob): Promise<void> => {
    const { changes } = job.body as NotificationJobBody;
    // From here on, a new notification of these records needs a read of its own.
    pending.release(changes);
    const byEntity = new Map<QboEntity, EntityChange[]>();
    for (const change of changes) {
      if (!isQboEntity(change.name)) {
        ctx.logger.debug({ entity: change.name }, 'QuickBooks webhook for an entity not read');
        continue;
      }
      const list = byEntity.get(change.name) ?? [];
      list.push(change);
      byEntity.set(change.name, list);
    }
    for (const [entity, list] of byEntity) {
      const deletes: ChangeEvent[] = [];
      const deleted = new Set<string>();
      for (const change of list) {
        if (change.operation !== 'Delete') continue;
        deleted.add(change.id);
        const event = deleteEvent(entity, change.id, change.lastUpdated);
        if (event) deletes.push(event);
      }
      const ids = [...new Set(list.map((c) => c.id))].filter((id) => !deleted.has(id));
      for (let i = 0; i < ids.length; i += BATCH) {
        const chunk = ids.slice(i, i + BATCH);
        const { rows } = await ctx.client.query(
          entity,
          `select * from ${entity} where Id in (${chunk.map(quote).join(',')}) maxresults 1000`,
        );
        await publish(ctx, await toEvents(ctx, entity, rows));
      }
      await publish(ctx, deletes);
    }
  };
}
