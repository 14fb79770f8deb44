import type { Person } from '../toolkit/people';
import { chance, createRng, intBetween, pick, type Rng } from '../toolkit/random';
import type { Customer, Invoice, Item, Line, QboStore, Ref } from './store';
import { qboDate } from './time';

// Coherent books: customers and items (the shop's catalogue by SKU, when given, and a Shipping
// service item), then wholesale invoices over `historyDays`, most paid (a Payment linked to the
// invoice), some refunded. Nothing here stands for a Shopify order, a fee or a payout: those
// reach the books through the money-to-books flow. Everything is drawn from the seed.
export interface QboSeedOptions {
  seed: number;
  customers: number;
  items: number;
  invoices: number;
  historyDays: number;
  now: number;
  currency: string;
  people: Person[];
  catalog?: { sku: string; name: string; price: number }[];
}

const firstNames = ['Ava', 'Ben', 'Chloe', 'Dev', 'Elena', 'Finn', 'Grace', 'Hugo', 'Isla', 'Jon'];
const lastNames = ['Adler', 'Brooks', 'Costa', 'Diaz', 'Evans', 'Fischer', 'Garcia', 'Hall'];
export const accounts = {
  income: { value: '79', name: 'Sales of Product Income' },
  cogs: { value: '80', name: 'Cost of Goods Sold' },
  inventory: { value: '81', name: 'Inventory Asset' },
  undeposited: { value: '4', name: 'Undeposited Funds' },
  checking: { value: '35', name: 'Checking' },
  fees: { value: '90', name: 'Shopify Payments Fees' },
  clearing: { value: '91', name: 'Shopify Clearing' },
} satisfies Record<string, Ref>;

export const round2 = (n: number) => Math.round(n * 100) / 100;

export function seedStore(store: QboStore, options: QboSeedOptions): void {
  const rng = createRng(options.seed);
  const start = options.now - options.historyDays * 86_400_000;
  const span = options.now - start;
  for (const listed of options.catalog ?? []) {
    store.load('Item', catalogItem(store, listed, start), start);
  }
  for (let i = 0; i < options.items; i += 1)
    store.load('Item', buildItem(store, rng, i, start), start);
  store.load('Item', serviceItem(store, 'Shipping', 'Shipping Income', start), start);
  store.load('Item', serviceItem(store, 'Refunds', 'Refunds to Customers', start), start);
  for (let i = 0; i < options.customers; i += 1) {
    const at = start + rng() * span * 0.5;
    store.load('Customer', buildCustomer(store, rng, i, options.currency), at);
  }
  options.people.forEach((person, i) => {
    const customer = buildCustomer(store, rng, options.customers + i, options.currency);
    const display = `${person.firstName} ${person.lastName}`;
    Object.assign(customer, {
      DisplayName: display,
      FullyQualifiedName: display,
      GivenName: person.firstName,
      FamilyName: person.lastName,
      PrimaryEmailAddr: { Address: person.email },
      ...(person.phone ? { PrimaryPhone: { FreeFormNumber: person.phone } } : {}),
    });
    store.load('Customer', customer, start);
  });
  const customers = store.list('Customer');
  if (customers.length === 0) return;
  const times = Array.from({ length: options.invoices }, () => start + (0.5 + rng() * 0.49) * span);
  times.sort((a, b) => a - b);
  times.forEach((at, i) => {
    const invoice = buildInvoice(store, rng, pick(rng, customers), 1001 + i, at, options.currency);
    store.load('Invoice', invoice, at);
    if (chance(rng, 0.8)) {
      const paidAt = at + intBetween(rng, 1, 5) * 3_600_000;
      store.load('Payment', buildPayment(store, invoice, paidAt), paidAt);
      invoice.Balance = 0;
    }
    if (chance(rng, 0.05)) {
      const refundAt = at + 86_400_000;
      store.load('RefundReceipt', buildRefund(store, invoice, refundAt), refundAt);
    }
  });
  for (const customer of customers) customer.Balance = balanceOf(store, customer.Id);
}

export function balanceOf(store: QboStore, customerId: string): number {
  return round2(
    store
      .list('Invoice')
      .filter((i) => i.CustomerRef.value === customerId)
      .reduce((sum, i) => sum + i.Balance, 0),
  );
}

const base = (store: QboStore) => ({
  Id: store.newId(),
  SyncToken: '0',
  domain: 'QBO' as const,
  sparse: false as const,
  MetaData: { CreateTime: '', LastUpdatedTime: '' },
});
const currencyRef = (currency: string): Ref => ({ value: currency, name: currency });

export function buildItem(store: QboStore, rng: Rng, i: number, at: number): Item {
  const name = `${pick(rng, ['Classic', 'Organic', 'Retro', 'Summit'])} ${pick(rng, ['Mug', 'Tee', 'Cap', 'Tote'])} ${i + 1}`;
  const price = intBetween(rng, 500, 9000) / 100;
  return {
    ...base(store),
    Name: name,
    Sku: `SKU-${String(i + 1).padStart(4, '0')}`,
    Description: name,
    FullyQualifiedName: name,
    Active: true,
    Type: 'Inventory',
    UnitPrice: price,
    PurchaseCost: round2(price * 0.45),
    TrackQtyOnHand: true,
    QtyOnHand: intBetween(rng, 0, 500),
    InvStartDate: qboDate(at),
    IncomeAccountRef: accounts.income,
    ExpenseAccountRef: accounts.cogs,
    AssetAccountRef: accounts.inventory,
  };
}

/** An item of the shop's catalogue, under its SKU: what the flow's receipt lines name. */
function catalogItem(
  store: QboStore,
  listed: { sku: string; name: string; price: number },
  at: number,
): Item {
  return {
    ...base(store),
    Name: `${listed.name} (${listed.sku})`,
    Sku: listed.sku,
    Description: listed.name,
    FullyQualifiedName: `${listed.name} (${listed.sku})`,
    Active: true,
    Type: 'NonInventory',
    UnitPrice: listed.price,
    PurchaseCost: round2(listed.price * 0.45),
    TrackQtyOnHand: false,
    QtyOnHand: 0,
    InvStartDate: qboDate(at),
    IncomeAccountRef: accounts.income,
    ExpenseAccountRef: accounts.cogs,
    AssetAccountRef: accounts.inventory,
  };
}

/** Shipping charged to customers, and refunds paid back: lines of their own on sales documents. */
function serviceItem(store: QboStore, name: string, account: string, at: number): Item {
  return {
    ...catalogItem(store, { sku: name.toUpperCase(), name, price: 0 }, at),
    Name: name,
    FullyQualifiedName: name,
    Type: 'Service',
    IncomeAccountRef: { value: name === 'Shipping' ? '82' : '83', name: account },
  };
}

export function buildCustomer(store: QboStore, rng: Rng, i: number, currency: string): Customer {
  const first = pick(rng, firstNames);
  const last = pick(rng, lastNames);
  const display = `${first} ${last} ${i + 1}`;
  return {
    ...base(store),
    DisplayName: display,
    GivenName: first,
    FamilyName: last,
    FullyQualifiedName: display,
    PrimaryEmailAddr: { Address: `${first}.${last}.${i + 1}@example.com`.toLowerCase() },
    PrimaryPhone: {
      FreeFormNumber: `(555) ${intBetween(rng, 100, 999)}-${intBetween(rng, 1000, 9999)}`,
    },
    BillAddr: {
      Line1: `${intBetween(rng, 1, 999)} Main St`,
      City: pick(rng, ['Atlanta', 'Boston', 'Chicago', 'Denver']),
      CountrySubDivisionCode: pick(rng, ['GA', 'MA', 'IL', 'CO']),
      PostalCode: String(intBetween(rng, 10000, 99999)),
    },
    Balance: 0,
    BalanceWithJobs: 0,
    CurrencyRef: currencyRef(currency),
    Taxable: true,
    Job: false,
    Active: true,
    PreferredDeliveryMethod: 'Email',
  };
}

function salesLines(store: QboStore, rng: Rng): Line[] {
  const items = store.list('Item');
  const lines: Line[] = [];
  for (let n = 1; n <= intBetween(rng, 1, 3); n += 1) {
    const item = pick(rng, items);
    const qty = intBetween(rng, 1, 3);
    lines.push({
      Id: String(n),
      LineNum: n,
      Description: item.Description,
      Amount: round2(qty * item.UnitPrice),
      DetailType: 'SalesItemLineDetail',
      SalesItemLineDetail: {
        ItemRef: { value: item.Id, name: item.Name },
        UnitPrice: item.UnitPrice,
        Qty: qty,
        TaxCodeRef: { value: 'NON' },
      },
    });
  }
  const subtotal = round2(lines.reduce((sum, l) => sum + l.Amount, 0));
  lines.push({ Amount: subtotal, DetailType: 'SubTotalLineDetail', SubTotalLineDetail: {} });
  return lines;
}

export function buildInvoice(
  store: QboStore,
  rng: Rng,
  customer: Customer,
  n: number,
  at: number,
  currency: string,
): Invoice {
  const Line = salesLines(store, rng);
  const total = Line.at(-1)?.Amount ?? 0;
  return {
    ...base(store),
    DocNumber: String(n),
    TxnDate: qboDate(at),
    DueDate: qboDate(at + 30 * 86_400_000),
    CurrencyRef: currencyRef(currency),
    CustomerRef: { value: customer.Id, name: customer.DisplayName },
    PrivateNote: `Wholesale order ${n}`,
    Line,
    TxnTaxDetail: { TotalTax: 0 },
    TotalAmt: total,
    Balance: total,
    ...(customer.PrimaryEmailAddr
      ? { BillEmail: { Address: customer.PrimaryEmailAddr.Address } }
      : {}),
    EmailStatus: 'NotSet',
    LinkedTxn: [],
  };
}

export function buildPayment(store: QboStore, invoice: Invoice, at: number) {
  const payment = {
    ...base(store),
    TxnDate: qboDate(at),
    CurrencyRef: invoice.CurrencyRef,
    CustomerRef: invoice.CustomerRef,
    TotalAmt: invoice.Balance,
    UnappliedAmt: 0,
    DepositToAccountRef: accounts.undeposited,
    Line: [
      { Amount: invoice.Balance, LinkedTxn: [{ TxnId: invoice.Id, TxnType: 'Invoice' as const }] },
    ],
  };
  invoice.LinkedTxn.push({ TxnId: payment.Id, TxnType: 'Payment' });
  return payment;
}

export function buildRefund(store: QboStore, invoice: Invoice, at: number) {
  return {
    ...base(store),
    DocNumber: `R${invoice.DocNumber}`,
    TxnDate: qboDate(at),
    CurrencyRef: invoice.CurrencyRef,
    CustomerRef: invoice.CustomerRef,
    PrivateNote: invoice.PrivateNote,
    Line: invoice.Line.map((l) => ({ ...l })),
    TxnTaxDetail: { TotalTax: 0 },
    TotalAmt: invoice.TotalAmt,
    Balance: 0 as const,
    DepositToAccountRef: accounts.checking,
  };
}
