import type { EntityManager } from '@mikro-orm/knex';
import { HttpApiError } from '../../connectors/common/http';
import {
  bcRefusal,
  type BcSalesOrder,
  type BcWrites,
} from '../../connectors/businesscentral/writes';
import { TransientError } from '../../lib/errors';
import {
  CustomerIdentity,
  ErpCustomer,
  ErpItem,
  Location,
  Order,
  OrderLine,
} from '../../store/entities';
import { RefusedError, type Flow, type FlowContext, type FlowOutcome } from '../flow';
import {
  decide,
  lineChanges,
  normalise,
  type DesiredOrder,
  type OrderToErpSettings,
} from './decide';

export type { OrderToErpSettings } from './decide';

// A stale etag is re-read and tried again this many times in one run before the run is retried.
const ETAG_ATTEMPTS = 3;

/**
 * order → ERP: a Shopify order becomes one Business Central sales order (externalDocumentNumber =
 * the order's name). Before creating, BC is asked for a sales order with that number, so a crash
 * between BC's answer and the ledger's commit, or a replay, finds the order instead of making a
 * second. Edits change the lines in place (If-Match, re-read on 412); a cancellation deletes the
 * sales order while nothing of it is shipped.
 */
export function createOrderToErp(options: { bc: BcWrites; settings: OrderToErpSettings }): Flow {
  const { bc, settings } = options;
  return {
    name: 'order-to-erp',
    triggers: ['order'],
    mappings: ['erp-item', 'location', 'erp-customer'],
    keysFor: (_entity, record) => (typeof record.id === 'string' ? [record.id] : []),
    async sync(key, ctx) {
      try {
        return await syncOrder(key, ctx, bc, settings);
      } catch (error) {
        throw judged(error);
      }
    },
  };
}

async function syncOrder(
  key: string,
  ctx: FlowContext,
  bc: BcWrites,
  settings: OrderToErpSettings,
): Promise<FlowOutcome> {
  const { em, signal, previous } = ctx;
  const order = await em.findOne(Order, { id: key });
  if (!order) return { state: 'skipped', reason: 'the order is no longer in the store' };
  const lines = await em.find(OrderLine, { orderId: key }, { orderBy: { position: 'asc' } });
  const decision = decide({ ...order, lines }, settings, await lookups(em));
  if (decision.kind === 'skip') return { state: 'skipped', reason: decision.reason };
  if (decision.kind === 'park') return { state: 'parked', reason: decision.reason };
  // The echo of our own write (or a replay) finds the target as we left it: no vendor call.
  if (previous?.sourceVersion === decision.sourceVersion && previous.targetId)
    return { state: 'unchanged', sourceVersion: decision.sourceVersion };
  const existing = await findTarget(
    bc,
    previous?.targetId ?? undefined,
    decision.kind === 'sync'
      ? decision.order.externalDocumentNumber
      : decision.externalDocumentNumber,
    signal,
  );
  if (decision.kind === 'cancel') {
    if (!existing) return { state: 'skipped', reason: 'cancelled before it reached the ERP' };
    await withEtag(bc, existing, signal, async (current) => {
      if (current.salesOrderLines?.some((l) => l.shippedQuantity > 0))
        throw new RefusedError(
          `order ${order.name} was cancelled in Shopify but ${current.number} is already shipped in Business Central`,
        );
      await bc.deleteSalesOrder(current, signal);
    });
    return { state: 'done', targetId: existing.id, sourceVersion: decision.sourceVersion };
  }
  if (!existing) {
    const customerNumber = await customerFor(em, bc, order, signal);
    const created = await bc.createSalesOrder(
      {
        customerNumber,
        externalDocumentNumber: decision.order.externalDocumentNumber,
        orderDate: decision.order.orderDate,
        ...(decision.order.email ? { email: decision.order.email } : {}),
        salesOrderLines: decision.order.lines,
      },
      signal,
    );
    return { state: 'done', targetId: created.id, sourceVersion: decision.sourceVersion };
  }
  await withEtag(bc, existing, signal, (current) => reconcile(bc, current, decision.order, signal));
  return { state: 'done', targetId: existing.id, sourceVersion: decision.sourceVersion };
}

/** The sales order made for this order: by the id the ledger holds, else by its number in BC. */
async function findTarget(
  bc: BcWrites,
  targetId: string | undefined,
  externalDocumentNumber: string,
  signal: AbortSignal,
): Promise<BcSalesOrder | undefined> {
  if (targetId) {
    const known = await bc.getSalesOrder(targetId, signal);
    if (known) return known;
  }
  const [found] = await bc.findSalesOrders(externalDocumentNumber, signal);
  return found;
}

/** Runs `write` on the freshest copy: on 412 the order is read again and the write redone. */
async function withEtag(
  bc: BcWrites,
  order: BcSalesOrder,
  signal: AbortSignal,
  write: (current: BcSalesOrder) => Promise<void>,
): Promise<void> {
  let current = order;
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await write(current);
    } catch (error) {
      if (!(error instanceof HttpApiError && error.status === 412) || attempt >= ETAG_ATTEMPTS)
        throw error;
      const fresh = await bc.getSalesOrder(order.id, signal);
      if (!fresh)
        throw new TransientError(
          `sales order ${order.number} disappeared while being changed`,
          error,
        );
      current = fresh;
    }
  }
}

async function reconcile(
  bc: BcWrites,
  current: BcSalesOrder,
  desired: DesiredOrder,
  signal: AbortSignal,
) {
  const changes = lineChanges(
    (current.salesOrderLines ?? []).map((l) => ({ ...l, etag: l['@odata.etag'] })),
    desired.lines,
  );
  for (const line of changes.change)
    await bc.patchLine(
      current.id,
      { id: line.id, '@odata.etag': line.etag },
      { quantity: line.quantity, unitPrice: line.unitPrice },
      signal,
    );
  for (const line of changes.add) await bc.addLine(current.id, line, signal);
  for (const line of changes.remove)
    await bc.deleteLine(current.id, { id: line.id, '@odata.etag': line.etag }, signal);
}

/**
 * The BC customer number for the order's person: the ERP identity of the same canonical customer
 * (identity resolution), else a BC customer with the order's email, else a new BC customer.
 */
async function customerFor(
  em: EntityManager,
  bc: BcWrites,
  order: Order,
  signal: AbortSignal,
): Promise<string> {
  if (order.customerSourceId) {
    const shopify = await em.findOne(CustomerIdentity, {
      source: 'shopify',
      sourceId: order.customerSourceId,
    });
    if (shopify) {
      const erp = await em.find(CustomerIdentity, {
        customerId: shopify.customerId,
        source: 'erp',
      });
      const known = erp.length
        ? await em.find(ErpCustomer, { id: { $in: erp.map((e) => e.id) } })
        : [];
      const number = known.map((c) => c.number).sort()[0];
      if (number) return number;
    }
  }
  if (order.email) {
    const [found] = await bc.findCustomers({ email: order.email }, signal);
    if (found) return found.number;
  }
  const identity = order.customerSourceId
    ? await em.findOne(CustomerIdentity, { source: 'shopify', sourceId: order.customerSourceId })
    : null;
  const name =
    [identity?.firstName, identity?.lastName].filter(Boolean).join(' ') ||
    order.email ||
    `Shopify ${order.name}`;
  if (name === `Shopify ${order.name}`) {
    // A guest has nothing to be found by but the name made for this order: a run that created
    // the customer and then failed (a 5xx on the sales order) finds it instead of making another.
    const [made] = await bc.findCustomers({ displayName: name }, signal);
    if (made) return made.number;
  }
  const created = await bc.createCustomer(
    {
      displayName: name.slice(0, 100),
      ...(order.email ? { email: order.email } : {}),
      ...(identity?.phone ? { phoneNumber: identity.phone } : {}),
    },
    signal,
  );
  return created.number;
}

async function lookups(em: EntityManager) {
  const items = await em.find(ErpItem, {}, { fields: ['number'] });
  const locations = await em.find(Location, { source: 'erp' });
  return {
    itemNumbers: new Set(items.map((i) => i.number)),
    erpLocations: new Map(
      locations.flatMap((l) => [
        [normalise(l.name), l.sourceId],
        ...(l.code ? ([[normalise(l.code), l.sourceId]] as const) : []),
      ]),
    ),
  };
}

/** BC's refusals become RefusedError with BC's message; transient answers stay retriable. */
function judged(error: unknown): unknown {
  const refusal = bcRefusal(error);
  if (refusal && refusal.status !== 412)
    return new RefusedError(`${refusal.code}: ${refusal.message}`, refusal.code, error);
  if (error instanceof HttpApiError && error.status === 412)
    return new TransientError(
      'Business Central kept answering 412 (the sales order keeps changing)',
      error,
    );
  return error;
}
