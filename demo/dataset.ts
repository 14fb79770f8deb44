import { sourceTopic, type ChangeEvent } from '../schema/events';
import { settleOrder } from './books';
import { buildCatalog } from './catalog';
import { contactAfterOrders } from './crm';
import { EventMaker, after, toSecond } from './events';
import { WAREHOUSES } from './names';
import {
  cancelOrder,
  fulfilOrder,
  markPaid,
  placeOrder,
  refundOrder,
  type Gateway,
} from './orders';
import { buildPeople, signUpStep } from './people';
import { fromMinorUnits } from '../lib/money';
import { DAY_MS, createRandom, deriveSeed, isoAt } from './random';
import { createDemoState, type DemoContext, type DemoPerson } from './state';

/**
 * The demo dataset: a shop's history as change events from Shopify, the ERP, the CRM and the
 * books, coherent across them (same SKUs, same warehouses, order names cited by sales orders and
 * invoices, totals that add up). One seed gives the same events, event ids included.
 */

export interface DatasetOptions {
  seed?: number;
  customers?: number;
  orders?: number;
  products?: number;
  /** Warehouses, at most 6. */
  locations?: number;
  /** CRM contacts that never bought; a quarter of `customers` when omitted. */
  leads?: number;
  /** CRM companies; one per ten customers (at least 5) when omitted. */
  companies?: number;
  /** Shopify customers and draft products that are created and then deleted. */
  deletedCustomers?: number;
  deletedProducts?: number;
  currency?: string;
  /**
   * The end of the history, as epoch ms or ISO string. Fixed by default so a seed is reproducible;
   * pass `Date.now()` for a history that ends today.
   */
  end?: number | string;
  /** Days of order history before `end`. */
  days?: number;
}

export const DATASET_DEFAULTS = {
  seed: 42,
  customers: 120,
  orders: 600,
  products: 60,
  locations: 3,
  deletedCustomers: 3,
  deletedProducts: 2,
  currency: 'USD',
  end: '2026-11-01T12:00:00.000Z',
  days: 180,
} as const;

/** The options with defaults applied; orders fall in [start, end], sign-ups in [since, end]. */
type Resolved = Required<DatasetOptions> & { end: number; start: number; since: number };

function resolve(options: DatasetOptions): Resolved {
  const o = { ...DATASET_DEFAULTS, ...options };
  const end = toSecond(typeof o.end === 'number' ? o.end : Date.parse(o.end));
  const count = (n: number, min: number) => Number.isSafeInteger(n) && n >= min;
  const problems = [
    ['customers', count(o.customers, 1)],
    ['products', count(o.products, 1)],
    ['orders', count(o.orders, 0)],
    ['locations', count(o.locations, 1) && o.locations <= WAREHOUSES.length],
    ['leads', options.leads === undefined || count(options.leads, 0)],
    ['companies', options.companies === undefined || count(options.companies, 0)],
    ['deletedCustomers', count(o.deletedCustomers, 0)],
    ['deletedProducts', count(o.deletedProducts, 0)],
    ['days', count(o.days, 1)],
    ['end', Number.isFinite(end)],
  ].filter(([, ok]) => !ok);
  if (problems.length) {
    throw new RangeError(`invalid dataset options: ${problems.map(([k]) => k).join(', ')}`);
  }
  return {
    ...o,
    leads: options.leads ?? Math.round(o.customers / 4),
    companies: options.companies ?? Math.max(5, Math.round(o.customers / 10)),
    end,
    start: end - o.days * DAY_MS,
    since: end - (o.days + 365) * DAY_MS,
  };
}

/**
 * The events one by one, so a large dataset can be published without holding it. Each record's
 * events come in version order.
 */
export function* generateEvents(options: DatasetOptions = {}): Generator<ChangeEvent> {
  const o = resolve(options);
  const state = createDemoState();
  state.currency = o.currency;
  const random = createRandom(o.seed);
  const ctx: DemoContext = {
    state,
    random,
    events: EventMaker.seeded(deriveSeed(o.seed, 'event-ids')),
    lag: (min, max) => random.int(min * 60_000, max * 60_000),
  };
  yield* buildCatalog(ctx, o);
  yield* buildPeople(ctx, o);
  yield* buildOrders(ctx, o);
  yield* closeBooks(ctx, o.end);
}

export function generateDataset(options: DatasetOptions = {}): ChangeEvent[] {
  return [...generateEvents(options)];
}

/** Number of events per topic, topics sorted. */
export function datasetSummary(events: Iterable<ChangeEvent>): Record<string, number> {
  const counts = new Map<string, number>();
  for (const event of events) {
    const topic = sourceTopic(event.source, event.entity);
    counts.set(topic, (counts.get(topic) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * Orders spread evenly over the history, each by a person who had signed up by then (or a
 * guest). Each order's later steps (payout, fulfilment, refund) follow right after it in the
 * stream, in time order, if they happen before the end.
 */
function* buildOrders(ctx: DemoContext, o: Resolved): Generator<ChangeEvent> {
  const { random, state } = ctx;
  const persons = state.persons;
  const step = signUpStep(o);
  const span = o.end - o.start;
  for (let i = 0; i < o.orders; i++) {
    const at = toSecond(o.start + ((i + random.next()) * span) / o.orders);
    // People sign up in index order; only those who have may order (see people.ts).
    const signedUp = Math.floor((at - o.since - step / 2) / step) + 1;
    const eligible = Math.min(persons.length, signedUp);
    const person: DemoPerson | undefined =
      eligible > 0 && !random.chance(0.02) ? persons[random.int(0, eligible - 1)] : undefined;
    const gateway: Gateway = random.chance(0.9)
      ? 'shopify_payments'
      : random.chance(0.6)
        ? 'paypal'
        : 'manual';
    const willCancel = random.chance(0.015);
    const { record, events } = placeOrder(ctx, person, at, { gateway, willCancel });
    yield* events;

    const steps: Array<[number, () => ChangeEvent[]]> = [];
    if (willCancel) {
      const cancelAt = at + ctx.lag(20, 240);
      steps.push([cancelAt, () => cancelOrder(ctx, record, cancelAt)]);
    } else {
      let paidAt = at;
      if (gateway === 'manual') {
        paidAt = at + random.int(1, 5) * DAY_MS;
        steps.push([paidAt, () => markPaid(ctx, record, paidAt)]);
      }
      const payoutAt = paidAt + ctx.lag(gateway === 'manual' ? 1 : 24 * 60, 72 * 60);
      if (random.chance(0.97)) steps.push([payoutAt, () => settleOrder(ctx, record, payoutAt)]);
      const fulfilAt = paidAt + ctx.lag(6 * 60, 72 * 60);
      steps.push([fulfilAt, () => fulfilOrder(ctx, record, fulfilAt)]);
      if (random.chance(0.07)) {
        const refundAt = fulfilAt + random.int(2, 20) * DAY_MS;
        const full = random.chance(0.4);
        steps.push([refundAt, () => refundOrder(ctx, record, refundAt, full)]);
      }
    }
    steps.sort((a, b) => a[0] - b[0]);
    for (const [when, step] of steps) {
      if (when > o.end) break;
      yield* step();
    }
  }
}

/**
 * The state of each person at the end: CRM contacts of buyers become customers, and the ERP and
 * the books show the open balance of their unpaid invoices.
 */
function* closeBooks(ctx: DemoContext, end: number): Generator<ChangeEvent> {
  const { events } = ctx;
  for (const person of ctx.state.persons) {
    if (person.crm && person.orderCount > 0) {
      const at = Math.min(end, person.lastOrderAt + ctx.lag(5, 60));
      yield events.upsert('crm', 'contact', contactAfterOrders(ctx, person, at));
    }
    if (person.openCents === 0) continue;
    const balance = fromMinorUnits(person.openCents);
    const at = Math.min(end, person.balanceChangedAt + ctx.lag(1, 30));
    if (person.erp) {
      const changed = isoAt(after(person.erp, at));
      person.erp = { ...person.erp, balanceDue: balance, lastModifiedDateTime: changed };
      yield events.upsert('erp', 'customer', person.erp);
    }
    if (person.accounting) {
      const changed = isoAt(after(person.accounting, at));
      person.accounting = { ...person.accounting, balance, updatedAt: changed };
      yield events.upsert('accounting', 'customer', person.accounting);
    }
  }
}
