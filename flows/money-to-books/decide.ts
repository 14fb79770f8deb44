import { createHash } from 'node:crypto';
import type { Ref } from '../../connectors/quickbooks/vendor';
import type { QboWritable } from '../../connectors/quickbooks/writes';
import { isZeroMoney, multiplyMoney, sumMoney, toMinorUnits } from '../../lib/money';
import type { MoneyToBooksSettings } from './settings';

/**
 * What the books should hold for an order, a refund or a payout: pure, from the store's facts and
 * the QuickBooks references already found. Amounts are decimal strings added exactly (lib/money);
 * they become JSON numbers only in the body sent. A decision's `sourceVersion` is a hash of the
 * body, so an unchanged source (an echo, a replay) asks for nothing.
 */

export interface OrderFacts {
  name: string;
  currency: string;
  createdAt: Date;
  financialStatus: string;
  subtotalPrice: string;
  totalTax: string;
  totalPrice: string;
  lines: { sku: string | null; title: string; quantity: number; unitPrice: string }[];
}

export interface RefundFacts {
  amount: string;
  createdAt: Date;
  note: string | null;
  /** 1 for the order's first refund, and so on (refunds are only ever added). */
  position: number;
}

export interface PayoutFacts {
  legacyId: string;
  issuedAt: string;
  status: string;
  net: string;
  currency: string;
  transactions: {
    type: string;
    amount: string;
    fee: string;
    orderName: string | null;
    adjustmentReason: string | null;
  }[];
}

/** QuickBooks references: items by SKU (normalised), the shipping and refund items. */
export interface ItemRefs {
  bySku: ReadonlyMap<string, Ref>;
  shipping: Ref | undefined;
  refund: Ref | undefined;
}

export type Body = Record<string, unknown>;

export type Decision =
  | { kind: 'skip'; reason: string }
  | { kind: 'park'; reason: string }
  | {
      kind: 'write';
      entity: QboWritable;
      /** The document number looked up before a create (none for deposits). */
      docNumber: string | undefined;
      /** The memo that names the source, for telling our documents from others. */
      note: string;
      body: Body;
      total: string;
      sourceVersion: string;
    };

/** QuickBooks keeps at most 21 characters of a DocNumber. */
export const DOC_NUMBER_MAX = 21;

/** The order name as a DocNumber ("#1001"), with a suffix ("#1001-R1"); the end of a long one. */
export function docNumberOf(orderName: string, suffix = ''): string {
  const whole = `${orderName.replace(/\s+/g, '')}${suffix}`;
  return whole.length <= DOC_NUMBER_MAX ? whole : whole.slice(whole.length - DOC_NUMBER_MAX);
}

/** A requestid from the flow key and source version: the same write asked twice is one write. */
export function requestIdOf(key: string, sourceVersion: string, step = ''): string {
  const digest = createHash('sha256').update(`${key}|${sourceVersion}|${step}`).digest('hex');
  return `plexus-${digest.slice(0, 40)}`;
}

export function versionOf(body: Body): string {
  return createHash('sha256').update(JSON.stringify(body)).digest('hex').slice(0, 24);
}

const amount = (decimal: string) => Number(decimal);
const negate = (decimal: string) =>
  decimal.startsWith('-') ? decimal.slice(1) : `-${decimal.replace(/^\+/, '')}`;
const dateOf = (d: Date) => d.toISOString().slice(0, 10);
const compare = (a: string, b: string) => toMinorUnits(a) - toMinorUnits(b);

export const orderNote = (orderName: string) => `Shopify order ${orderName}`;
export const payoutNote = (legacyId: string) => `Shopify payout ${legacyId}`;

/** A paid order → a sales receipt (or the invoice of invoice-and-payment). */
export function saleDecision(
  order: OrderFacts,
  items: ItemRefs,
  customer: Ref | undefined,
  settings: Pick<MoneyToBooksSettings, 'sales' | 'paidStatuses' | 'ordersSince' | 'accounts'>,
): Decision {
  if (!settings.paidStatuses.includes(order.financialStatus)) {
    return { kind: 'skip', reason: `order ${order.name} is ${order.financialStatus}, not paid` };
  }
  if (settings.ordersSince && order.createdAt < settings.ordersSince) {
    return { kind: 'skip', reason: `order ${order.name} predates the flow's start` };
  }
  const lines: Body[] = [];
  for (const line of order.lines) {
    if (line.quantity === 0) continue;
    if (!line.sku) return { kind: 'park', reason: `line "${line.title}" has no SKU` };
    const item = items.bySku.get(line.sku.trim().toUpperCase());
    if (!item) return { kind: 'park', reason: `no QuickBooks item with SKU ${line.sku}` };
    lines.push(itemLine(line.title, item, line.unitPrice, line.quantity));
  }
  const gross = sumMoney(order.lines.map((l) => multiplyMoney(l.unitPrice, l.quantity)));
  const discount = sumMoney([gross, negate(order.subtotalPrice)]);
  const shipping = sumMoney([
    order.totalPrice,
    negate(order.subtotalPrice),
    negate(order.totalTax),
  ]);
  if (compare(discount, '0') < 0 || compare(shipping, '0') < 0) {
    return {
      kind: 'park',
      reason: `order ${order.name} does not add up: lines ${gross}, subtotal ${order.subtotalPrice}, tax ${order.totalTax}, total ${order.totalPrice}`,
    };
  }
  if (!isZeroMoney(shipping)) {
    if (!items.shipping) return { kind: 'park', reason: 'no QuickBooks shipping item' };
    lines.push(itemLine('Shipping', items.shipping, shipping, 1));
  }
  if (!isZeroMoney(discount)) {
    lines.push({
      Amount: amount(discount),
      DetailType: 'DiscountLineDetail',
      DiscountLineDetail: { PercentBased: false },
    });
  }
  const invoice = settings.sales === 'invoice-and-payment';
  const body: Body = {
    DocNumber: docNumberOf(order.name),
    TxnDate: dateOf(order.createdAt),
    PrivateNote: orderNote(order.name),
    CurrencyRef: { value: order.currency },
    ...(customer ? { CustomerRef: customer } : {}),
    Line: lines,
    TxnTaxDetail: { TotalTax: amount(order.totalTax) },
    ...(invoice ? {} : { DepositToAccountRef: settings.accounts.receipts }),
  };
  return write(invoice ? 'Invoice' : 'SalesReceipt', body, order.totalPrice);
}

/** The payment that settles the invoice of invoice-and-payment. */
export function paymentBody(
  invoiceId: string,
  customer: Ref,
  total: string,
  txnDate: string,
  settings: Pick<MoneyToBooksSettings, 'accounts'>,
): Body {
  return {
    CustomerRef: customer,
    TotalAmt: amount(total),
    TxnDate: txnDate,
    DepositToAccountRef: settings.accounts.receipts,
    Line: [{ Amount: amount(total), LinkedTxn: [{ TxnId: invoiceId, TxnType: 'Invoice' }] }],
  };
}

/** A refund → a refund receipt (or a credit memo): one line of the refund item, tax included. */
export function refundDecision(
  order: OrderFacts,
  refund: RefundFacts,
  items: ItemRefs,
  customer: Ref | undefined,
  settings: Pick<MoneyToBooksSettings, 'refunds' | 'ordersSince' | 'accounts'>,
): Decision {
  if (settings.ordersSince && order.createdAt < settings.ordersSince) {
    return { kind: 'skip', reason: `order ${order.name} predates the flow's start` };
  }
  if (!items.refund) return { kind: 'park', reason: 'no QuickBooks refund item' };
  const memo = settings.refunds === 'credit-memo';
  if (memo && !customer) return { kind: 'park', reason: 'a credit memo needs a customer' };
  const note = `${orderNote(order.name)} refund ${refund.position}`;
  const body: Body = {
    DocNumber: docNumberOf(order.name, `-R${refund.position}`),
    TxnDate: dateOf(refund.createdAt),
    PrivateNote: note,
    CurrencyRef: { value: order.currency },
    ...(customer ? { CustomerRef: customer } : {}),
    Line: [itemLine(refund.note ?? 'Refund', items.refund, refund.amount, 1)],
    ...(memo ? {} : { DepositToAccountRef: settings.accounts.receipts }),
  };
  return write(memo ? 'CreditMemo' : 'RefundReceipt', body, refund.amount, note);
}

/**
 * A payout → one deposit to the bank: a line per charge, refund and adjustment from the clearing
 * account, and the fees as one negative line on the fee account. Its total is the payout's net to
 * the cent, or nothing is written.
 */
export function depositDecision(
  payout: PayoutFacts,
  settings: Pick<MoneyToBooksSettings, 'accounts'>,
): Decision {
  if (payout.status !== 'PAID') {
    return { kind: 'skip', reason: `payout ${payout.legacyId} is ${payout.status}, not paid` };
  }
  const { accounts } = settings;
  const line = (value: string, description: string, account: Ref): Body => ({
    Amount: amount(value),
    Description: description,
    DetailType: 'DepositLineDetail',
    DepositLineDetail: { AccountRef: account },
  });
  const lines = payout.transactions
    .filter((t) => !isZeroMoney(t.amount))
    .map((t) => line(t.amount, describe(t), accounts.clearing));
  const fees = sumMoney(payout.transactions.map((t) => t.fee));
  if (!isZeroMoney(fees)) {
    const charged = payout.transactions.filter((t) => !isZeroMoney(t.fee)).length;
    lines.push(line(negate(fees), `Shopify Payments fees (${charged})`, accounts.fees));
  }
  const total = sumMoney([...payout.transactions.map((t) => t.amount), negate(fees)]);
  if (compare(total, payout.net) !== 0) {
    return {
      kind: 'park',
      reason: `payout ${payout.legacyId}: its transactions come to ${total}, its net is ${payout.net}`,
    };
  }
  const note = payoutNote(payout.legacyId);
  const body: Body = {
    TxnDate: payout.issuedAt.slice(0, 10),
    PrivateNote: note,
    CurrencyRef: { value: payout.currency },
    DepositToAccountRef: accounts.bank,
    Line: lines,
  };
  return write('Deposit', body, payout.net, note);
}

function describe(t: PayoutFacts['transactions'][number]): string {
  const kind = t.type.charAt(0) + t.type.slice(1).toLowerCase();
  if (t.orderName) return `${kind} ${t.orderName}`;
  return t.adjustmentReason ? `${kind}: ${t.adjustmentReason}` : kind;
}

function itemLine(description: string, item: Ref, unitPrice: string, quantity: number): Body {
  return {
    Description: description,
    Amount: amount(multiplyMoney(unitPrice, quantity)),
    DetailType: 'SalesItemLineDetail',
    SalesItemLineDetail: { ItemRef: item, UnitPrice: amount(unitPrice), Qty: quantity },
  };
}

function write(entity: QboWritable, body: Body, total: string, note?: string): Decision {
  return {
    kind: 'write',
    entity,
    docNumber: typeof body.DocNumber === 'string' ? body.DocNumber : undefined,
    note: note ?? String(body.PrivateNote),
    body,
    total,
    sourceVersion: versionOf(body),
  };
}
