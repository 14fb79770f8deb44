// What the customer-360 query (test/e2e/graph/fixture.ts) owes back for a set of published events,
// read off the payloads by the rules of docs/architecture.md: the newest version of each record
// wins, identities meet on the normalised email, stock is the ERP's, fees are the Debit lines on
// fee accounts, money has two decimals. No value here is typed in by hand.
import type { ChangeEvent, Source, SourceEntity, SourcePayloads } from '../../../schema/events';
import { locationId, recordId, variantId } from '../../../store/ids';
import { roundMoney, sumMoney } from '../../../lib/money';
import { SHOP_CURRENCY } from './scenario';

const iso = (value: string) => new Date(value).toISOString();
const normEmail = (email: string | null | undefined) => email?.trim().toLowerCase() || null;
const normSku = (sku: string) => sku.trim().toUpperCase();
const money = (amount: string, currencyCode: string) => ({
  amount: roundMoney(amount),
  currencyCode,
});
const byKey =
  <T>(...keys: ((row: T) => string)[]) =>
  (a: T, b: T) => {
    for (const key of keys) {
      const order = key(a).localeCompare(key(b));
      if (order !== 0) return order;
    }
    return 0;
  };
const descending =
  <T>(compare: (a: T, b: T) => number) =>
  (a: T, b: T) =>
    compare(b, a);

/** The current state of every record: its highest version, unless that is a delete. */
export class Published {
  private readonly current = new Map<string, ChangeEvent>();

  constructor(events: readonly ChangeEvent[]) {
    for (const event of events) {
      const key = `${event.source}/${event.entity}/${event.sourceId}`;
      const known = this.current.get(key);
      if (!known || event.version > known.version) this.current.set(key, event);
    }
  }

  /** Each record's winning version, as the projector's applied_version book must hold it. */
  versions(): Map<string, number> {
    return new Map([...this.current].map(([key, event]) => [key, event.version]));
  }

  all<S extends Source, E extends SourceEntity<S>>(source: S, entity: E): SourcePayloads[S][E][] {
    return [...this.current.values()]
      .filter((e) => e.source === source && e.entity === entity && e.op === 'upsert' && e.payload)
      .map((e) => e.payload as unknown as SourcePayloads[S][E]);
  }

  one<S extends Source, E extends SourceEntity<S>>(
    source: S,
    entity: E,
    where: (payload: SourcePayloads[S][E]) => boolean,
  ): SourcePayloads[S][E] | undefined {
    return this.all(source, entity).find(where);
  }
}

/** The customer the scenario's Shopify customer belongs to: its canonical id and identities. */
export function expectedPerson(world: Published, shopifyCustomerId: string) {
  const shopify = world.one('shopify', 'customer', (c) => c.id === shopifyCustomerId);
  if (!shopify) throw new Error(`no Shopify customer ${shopifyCustomerId}`);
  const email = normEmail(shopify.email);
  const same = (candidate: string | null | undefined) =>
    email !== null && normEmail(candidate) === email;
  const crm = world.all('crm', 'contact').filter((c) => same(c.email));
  const erp = world.all('erp', 'customer').filter((c) => same(c.email));
  const accounting = world.all('accounting', 'customer').filter((c) => same(c.email));
  const identities = [
    { source: 'shopify', entity: 'customer', sourceId: shopify.id },
    ...crm.map((c) => ({ source: 'crm', entity: 'contact', sourceId: c.id })),
    ...erp.map((c) => ({ source: 'erp', entity: 'customer', sourceId: c.id })),
    ...accounting.map((c) => ({ source: 'accounting', entity: 'customer', sourceId: c.id })),
  ];
  const ids = identities.map((i) => recordId(i.source, i.entity, i.sourceId)).sort();
  // Golden fields by source precedence shopify > crm > erp > accounting.
  const first = (...values: (string | null | undefined)[]) =>
    values.map((v) => v?.trim()).find((v) => v) ?? null;
  return {
    id: ids[0] as string,
    email,
    firstName: first(shopify.firstName, ...crm.map((c) => c.firstName)),
    lastName: first(
      shopify.lastName,
      ...crm.map((c) => c.lastName),
      ...erp.map((c) => c.displayName),
      ...accounting.map((c) => c.displayName),
    ),
    identities: identities
      .sort(
        byKey(
          (i) => i.source,
          (i) => i.sourceId,
        ),
      )
      .map((i) => ({ source: i.source.toUpperCase(), sourceId: i.sourceId })),
    shopify,
    crm: crm[0],
    erp: erp[0],
    accounting,
  };
}

function expectedVariant(world: Published, sku: string) {
  const normal = normSku(sku);
  const product = world
    .all('shopify', 'product')
    .find((p) => p.variants.some((v) => normSku(v.sku) === normal));
  const variant = product?.variants.find((v) => normSku(v.sku) === normal);
  if (!product || !variant) return null;
  const item = world.one('erp', 'item', (i) => normSku(i.number) === normal);
  const shopifyLocations = world.all('shopify', 'location');
  const stock = world
    .all('erp', 'inventory-level')
    .filter((level) => normSku(level.itemNumber) === normal)
    .sort(byKey((level) => level.locationCode))
    .map((level) => {
      const erpLocation = world.one('erp', 'location', (l) => l.id === level.locationCode);
      const id = erpLocation ? locationId(erpLocation.displayName) : level.locationCode;
      // The name comes from the most trusted source that knows the location: Shopify first.
      const shopifyName = shopifyLocations.find((l) => locationId(l.name) === id)?.name;
      return {
        location: { id, name: shopifyName ?? erpLocation?.displayName ?? level.locationCode },
        onHand: level.onHand,
        available: level.available,
        committed: level.committed,
        incoming: level.incoming,
      };
    });
  return {
    id: variantId(variant.sku),
    sku: normal,
    price: money(variant.price, SHOP_CURRENCY),
    unitCost: item ? { amount: roundMoney(item.unitCost) } : null,
    product: { title: product.title },
    stock,
  };
}

function expectedOrder(world: Published, order: SourcePayloads['shopify']['order']) {
  const salesOrder = world.one(
    'erp',
    'sales-order',
    (o) => o.externalDocumentNumber === order.name,
  );
  const invoices = world
    .all('accounting', 'invoice')
    .filter((i) => i.orderName === order.name)
    .sort(byKey((i) => iso(i.txnDate)));
  const memos = world.all('accounting', 'credit-memo').filter((m) => m.orderName === order.name);
  const entries = world
    .all('accounting', 'journal-entry')
    .filter((j) => j.orderName === order.name);
  const fees = entries.flatMap((j) =>
    j.lines.filter((l) => l.postingType === 'Debit' && /fee/i.test(l.accountName)),
  );
  const currency = invoices[0]?.currency ?? memos[0]?.currency ?? entries[0]?.currency;
  return {
    id: recordId('shopify', 'order', order.id),
    name: order.name,
    createdAt: iso(order.createdAt),
    totalPrice: money(order.totalPrice, order.currency),
    refunds: [...order.refunds]
      .sort(byKey((r) => iso(r.createdAt)))
      .map((r) => ({ amount: { amount: roundMoney(r.amount) }, note: r.note ?? null })),
    erp: salesOrder
      ? {
          salesOrderNumber: salesOrder.number,
          status: salesOrder.status,
          shipments: world
            .all('erp', 'shipment')
            .filter((s) => s.orderNumber === salesOrder.number)
            .sort(byKey((s) => iso(s.postingDate)))
            .map((s) => ({ number: s.number, postedAt: iso(s.postingDate) })),
        }
      : null,
    accounting:
      currency === undefined
        ? null
        : {
            invoiceNumber: invoices[0]?.docNumber ?? null,
            paid: invoices.length > 0 && invoices.every((i) => roundMoney(i.balance) === '0.00'),
            refundedAmount: { amount: sumMoney(memos.map((m) => m.totalAmount)) },
            fees: { amount: sumMoney(fees.map((l) => l.amount)), currencyCode: currency },
          },
    lineItems: order.lineItems.map((line) => ({
      sku: line.sku ? normSku(line.sku) : null,
      quantity: line.quantity,
      unitPrice: money(line.unitPrice, order.currency),
      variant: line.sku ? expectedVariant(world, line.sku) : null,
    })),
  };
}

/** The answer to customer360Query for `events`, with `first` orders (as its `$orders`). */
export function expectedCustomer360(
  events: readonly ChangeEvent[],
  { shopifyCustomerId, first }: { shopifyCustomerId: string; first: number },
) {
  const world = new Published(events);
  const person = expectedPerson(world, shopifyCustomerId);
  const orders = world
    .all('shopify', 'order')
    .filter((o) => o.customerId === shopifyCustomerId)
    .sort(descending(byKey((o) => iso(o.createdAt))));
  const { crm, erp, accounting } = person;
  const company = crm?.companyId
    ? world.one('crm', 'company', (c) => c.id === crm.companyId)
    : undefined;
  const deals = crm
    ? world
        .all('crm', 'deal')
        .filter((d) => d.contactIds.includes(crm.id))
        .sort(descending(byKey((d) => iso(d.updatedAt))))
    : [];
  const accountIds = new Set(accounting.map((a) => a.id));
  const invoices = world
    .all('accounting', 'invoice')
    .filter((i) => accountIds.has(i.customerId))
    .sort(descending(byKey((i) => iso(i.txnDate))));
  const payments = world
    .all('accounting', 'payment')
    .filter((p) => accountIds.has(p.customerId))
    .sort(descending(byKey((p) => iso(p.txnDate))));
  const currency = accounting[0]?.currency ?? '';
  return {
    customer: {
      id: person.id,
      email: person.email,
      firstName: person.firstName,
      lastName: person.lastName,
      identities: person.identities,
      erp: erp ? { number: erp.number, balanceDue: money(erp.balanceDue, erp.currencyCode) } : null,
      crm: crm
        ? {
            lifecycleStage: crm.lifecycleStage ?? null,
            leadStatus: crm.leadStatus ?? null,
            ownerEmail: crm.ownerEmail ?? null,
            marketingConsent: crm.marketingConsent,
            lastActivityAt: crm.lastActivityAt ? iso(crm.lastActivityAt) : null,
            company: company ? { name: company.name, domain: company.domain ?? null } : null,
            deals: {
              totalCount: deals.length,
              nodes: deals.map((d) => ({
                name: d.name,
                stage: d.stage,
                amount: money(d.amount, d.currency),
              })),
            },
          }
        : null,
      accounting:
        accounting.length > 0
          ? {
              openBalance: money(sumMoney(accounting.map((a) => a.balance)), currency),
              currency,
              invoices: {
                totalCount: invoices.length,
                nodes: invoices.slice(0, 2).map((i) => ({
                  number: i.docNumber,
                  issuedAt: iso(i.txnDate),
                  total: { amount: roundMoney(i.totalAmount) },
                  balance: { amount: roundMoney(i.balance) },
                })),
              },
              payments: {
                totalCount: payments.length,
                nodes: payments.slice(0, 2).map((p) => ({
                  paidAt: iso(p.txnDate),
                  amount: money(p.totalAmount, p.currency),
                })),
              },
            }
          : null,
      orders: {
        totalCount: orders.length,
        pageInfo: { hasNextPage: orders.length > first },
        nodes: orders.slice(0, first).map((o) => expectedOrder(world, o)),
      },
    },
  };
}
