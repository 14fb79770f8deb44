import type { SqlEntityManager } from '@mikro-orm/knex';
import DataLoader from 'dataloader';
import type { FlowName } from '../../lib/flow-names';
import { SalesOrder } from '../../store/erp/sales-order.entity';
import { FlowRun } from '../../store/flows/flow-run.entity';
import type { Order } from '../../store/order/order.entity';
import { columnOf } from '../common/sql';

/** An order's row in each flow that writes it elsewhere; null where the ledger has none. */
export interface OrderSyncView {
  erp: FlowRun | null;
  accounting: FlowRun | null;
  fulfilment: FlowRun | null;
}

/**
 * How each flow keys an order in the ledger (flows/<flow>/: keysFor). Fulfilment is keyed by the
 * ERP sales order whose externalDocumentNumber (orderName) is the order's name, so it is found
 * through sales_order.
 */
const ERP: FlowName = 'order-to-erp';
const ACCOUNTING: FlowName = 'money-to-books';
const FULFILMENT: FlowName = 'shipment-to-fulfilment';
const accountingKey = (orderId: string) => `order:${orderId}`;

// Each order binds three parameters; this keeps a batch well under SQLite's limit.
const MAX_ORDERS = 1_000;

/** Later rows win: of two sales orders carrying one order name, the latest-touched run shows. */
function newer(current: FlowRun | null, row: FlowRun): FlowRun {
  return current && current.updatedAt >= row.updatedAt ? current : row;
}

/**
 * The sync state of a batch of orders in one statement: flow_run rows of the three flows, the
 * fulfilment ones joined to the sales order that names the order.
 */
async function fetchOrderSync(
  em: SqlEntityManager,
  orders: readonly Pick<Order, 'id' | 'name'>[],
): Promise<OrderSyncView[]> {
  const knex = em.getKnex();
  const run = (prop: keyof FlowRun & string) => `fr.${columnOf(em, FlowRun, prop)}`;
  const so = (prop: keyof SalesOrder & string) => `so.${columnOf(em, SalesOrder, prop)}`;
  const ids = orders.map((o) => o.id);
  const names = [...new Set(orders.map((o) => o.name))];
  const statement = knex
    .select('fr.*', `${so('orderName')} as plexus_order_name`)
    .from({ fr: em.getMetadata(FlowRun).tableName })
    .leftJoin({ so: em.getMetadata(SalesOrder).tableName }, function on() {
      this.on(so('number'), '=', run('key')).andOnVal(run('flow'), '=', FULFILMENT);
    })
    .where((w) => {
      void w
        .where((b) => void b.where(run('flow'), ERP).whereIn(run('key'), ids))
        .orWhere(
          (b) => void b.where(run('flow'), ACCOUNTING).whereIn(run('key'), ids.map(accountingKey)),
        )
        .orWhere((b) => void b.where(run('flow'), FULFILMENT).whereIn(so('orderName'), names));
    });
  const rows = await em.execute<Record<string, unknown>[]>(statement);
  const byOrder = new Map<string, OrderSyncView>(
    ids.map((id) => [id, { erp: null, accounting: null, fulfilment: null }]),
  );
  const idsByName = new Map<string, string[]>();
  for (const o of orders) idsByName.set(o.name, [...(idsByName.get(o.name) ?? []), o.id]);
  for (const { plexus_order_name: orderName, ...raw } of rows) {
    const row = em.map(FlowRun, raw as never);
    if (row.flow === ERP) {
      const view = byOrder.get(row.key);
      if (view) view.erp = newer(view.erp, row);
    } else if (row.flow === ACCOUNTING) {
      const view = byOrder.get(row.key.slice(accountingKey('').length));
      if (view) view.accounting = newer(view.accounting, row);
    } else if (typeof orderName === 'string') {
      for (const id of idsByName.get(orderName) ?? []) {
        const view = byOrder.get(id);
        if (view) view.fulfilment = newer(view.fulfilment, row);
      }
    }
  }
  return ids.map((id) => byOrder.get(id) ?? { erp: null, accounting: null, fulfilment: null });
}

/** Order.sync for a page of orders: one statement per batch, whatever the page's size. */
export function orderSyncLoader(
  em: SqlEntityManager,
): DataLoader<Pick<Order, 'id' | 'name'>, OrderSyncView, string> {
  return new DataLoader((orders) => fetchOrderSync(em, orders), {
    cacheKeyFn: (order) => order.id,
    maxBatchSize: MAX_ORDERS,
  });
}
