import type { ChangeEvent } from '../schema/events';
import { settleOrder } from './books';
import { advanceDeal, contactAfterOrders, isClosed, touchContact } from './crm';
import { EventMaker, after } from './events';
import {
  fulfilOrder,
  markPaid,
  placeOrder,
  refundOrder,
  refundableCents,
  type Gateway,
} from './orders';
import { createRandom, formatCents, isoAt } from './random';
import {
  rememberOrder,
  type DemoContext,
  type DemoOrder,
  type DemoPerson,
  type DemoState,
  type DemoVariant,
} from './state';
import { adjustStock } from './stock';

/**
 * Live changes on top of a generated history, one business event at a time, with the same rules
 * as the history: a new order also reserves stock, updates the CRM contact and the balances; a
 * fulfilment ships stock out; a payout closes the invoice. Every change is dated `at` or, when a
 * record changed in the same second already, a second after its last change.
 */

interface LiveContext extends DemoContext {
  variantBySku: Map<string, DemoVariant>;
}

type Change = (ctx: LiveContext, at: number) => ChangeEvent[] | null;

/** How often each kind of change happens, relative to the others. */
const CHANGES: Array<[weight: number, change: Change]> = [
  [30, newOrder],
  [18, fulfilSomeOrder],
  [12, settleSomeOrder],
  [6, refundSomeOrder],
  [16, moveStock],
  [12, crmActivity],
];
const TOTAL_WEIGHT = CHANGES.reduce((sum, [weight]) => sum + weight, 0);

/** A function that makes the next live change at `at` (epoch ms) and returns its events. */
export function liveChanges(state: DemoState, seed: number): (at: number) => ChangeEvent[] {
  if (!state.persons.length || !state.variants.length || !state.locations.length) {
    throw new Error('live changes need a generated dataset: run generateEvents with this state');
  }
  const random = createRandom(seed);
  // Live events are new every run, so their ids must not repeat when the demo restarts.
  const ctx: LiveContext = {
    state,
    random,
    events: new EventMaker(() => crypto.randomUUID()),
    lag: () => 0,
    variantBySku: new Map(state.variants.map((variant) => [variant.sku, variant])),
  };
  return (at) => {
    let roll = random.next() * TOTAL_WEIGHT;
    for (const [weight, change] of CHANGES) {
      roll -= weight;
      if (roll >= 0) continue;
      // A change with nothing to act on (no order waiting to ship, say) becomes a new order.
      const events = change(ctx, at);
      return events?.length ? events : newOrder(ctx, at);
    }
    return newOrder(ctx, at);
  };
}

function newOrder(ctx: LiveContext, at: number): ChangeEvent[] {
  const { random, state } = ctx;
  const person = random.pick(state.persons);
  const gateway: Gateway = random.chance(0.9)
    ? 'shopify_payments'
    : random.pick(['paypal', 'manual'] as const);
  const { record, events } = placeOrder(ctx, person, at, { gateway });
  rememberOrder(state, record);
  for (const line of record.order.lineItems) {
    const level = levelOf(ctx, record, line.sku);
    if (level) events.push(...adjustStock(ctx, level, { committed: line.quantity }, at));
  }
  if (person.crm)
    events.push(ctx.events.upsert('crm', 'contact', contactAfterOrders(ctx, person, at)));
  if (record.invoice) events.push(...balanceEvents(ctx, person, at));
  return events;
}

function fulfilSomeOrder(ctx: LiveContext, at: number): ChangeEvent[] | null {
  const record = pickOrder(
    ctx,
    (r) => r.order.financialStatus === 'paid' && !r.order.fulfillmentStatus && !r.order.cancelledAt,
  );
  if (!record) return null;
  const events = fulfilOrder(ctx, record, at);
  for (const line of record.order.lineItems) {
    const level = levelOf(ctx, record, line.sku);
    if (level) {
      events.push(
        ...adjustStock(ctx, level, { onHand: -line.quantity, committed: -line.quantity }, at),
      );
    }
  }
  return events;
}

/** Orders waiting for their money: a bank transfer to arrive, or the payout to be booked. */
function awaitsSettlement({ order, invoice, payment, fee }: DemoOrder): boolean {
  if (order.cancelledAt) return false;
  if (order.financialStatus === 'pending') return true;
  const byGateway = order.transactions[0]?.gateway !== 'manual';
  return !payment && !fee && (byGateway || (invoice !== undefined && invoice.balance !== '0.00'));
}

function settleSomeOrder(ctx: LiveContext, at: number): ChangeEvent[] | null {
  const record = pickOrder(ctx, awaitsSettlement);
  if (!record) return null;
  const events = record.order.financialStatus === 'pending' ? markPaid(ctx, record, at) : [];
  events.push(...settleOrder(ctx, record, at));
  if (record.person && record.payment) events.push(...balanceEvents(ctx, record.person, at));
  return events;
}

function refundSomeOrder(ctx: LiveContext, at: number): ChangeEvent[] | null {
  const record = pickOrder(
    ctx,
    (r) => r.order.fulfillmentStatus === 'fulfilled' && refundableCents(r.order) > 0,
  );
  return record ? refundOrder(ctx, record, at, ctx.random.chance(0.3)) : null;
}

/** A delivery from a supplier, a purchase order on its way, or a stock count that corrects. */
function moveStock(ctx: LiveContext, at: number): ChangeEvent[] {
  const { random, state } = ctx;
  const level = random.pick(random.pick(state.variants).levels);
  const roll = random.next();
  if (roll < 0.5) {
    const received = level.erp.incoming || random.int(2, 10) * 12;
    return adjustStock(ctx, level, { onHand: received, incoming: -level.erp.incoming }, at);
  }
  if (roll < 0.75) return adjustStock(ctx, level, { incoming: random.int(2, 10) * 12 }, at);
  return adjustStock(ctx, level, { onHand: random.pick([-3, -2, -1, 1, 2]) }, at);
}

function crmActivity(ctx: LiveContext, at: number): ChangeEvent[] | null {
  const { random, state, events } = ctx;
  const open = state.deals.filter((deal) => !isClosed(deal));
  if (open.length && random.chance(0.3)) {
    const deal = random.pick(open);
    const advanced = advanceDeal(ctx, deal, at);
    state.deals[state.deals.indexOf(deal)] = advanced;
    return [events.upsert('crm', 'deal', advanced)];
  }
  if (state.leads.length && random.chance(0.5)) {
    const index = random.int(0, state.leads.length - 1);
    const lead = state.leads[index];
    if (!lead) return null;
    const touched = touchContact(ctx, lead, at);
    state.leads[index] = touched;
    return [events.upsert('crm', 'contact', touched)];
  }
  const person = random.pick(state.persons);
  if (!person.crm) return null;
  person.crm = touchContact(ctx, person.crm, at);
  return [events.upsert('crm', 'contact', person.crm)];
}

/** Both systems that keep a receivable show the open balance after it moved. */
function balanceEvents(ctx: DemoContext, person: DemoPerson, at: number): ChangeEvent[] {
  const balance = formatCents(person.openCents);
  const events: ChangeEvent[] = [];
  if (person.erp) {
    const changed = isoAt(after(person.erp, at));
    person.erp = { ...person.erp, balanceDue: balance, lastModifiedDateTime: changed };
    events.push(ctx.events.upsert('erp', 'customer', person.erp));
  }
  if (person.accounting) {
    const changed = isoAt(after(person.accounting, at));
    person.accounting = { ...person.accounting, balance, updatedAt: changed };
    events.push(ctx.events.upsert('accounting', 'customer', person.accounting));
  }
  return events;
}

/** A random one of the recent orders that fit. */
function pickOrder(ctx: LiveContext, fits: (record: DemoOrder) => boolean): DemoOrder | undefined {
  const candidates = ctx.state.recentOrders.filter(fits);
  return candidates.length ? ctx.random.pick(candidates) : undefined;
}

/** The stock level a line of the order draws on: its SKU at the order's warehouse. */
function levelOf(ctx: LiveContext, record: DemoOrder, sku: string | null | undefined) {
  const variant = sku ? ctx.variantBySku.get(sku) : undefined;
  return variant?.levels.find((level) => level.location === record.location);
}
