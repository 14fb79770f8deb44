import type { z } from 'zod';
import type {
  AccountingCreditMemo,
  AccountingCustomer,
  AccountingInvoice,
  AccountingJournalEntry,
  AccountingPayment,
  ChangeEvent,
} from '../../schema/events';
import { vendorMoney } from '../../lib/money';
import { createEvent } from '../../streams/codec';
import {
  creditMemoSchema,
  customerSchema,
  depositSchema,
  invoiceSchema,
  journalEntrySchema,
  paymentSchema,
  receiptSchema,
  type Line,
  type QboEntity,
  type QboItem,
  type Ref,
} from './vendor';

/**
 * QuickBooks records → `plexus.accounting.*.v1` payloads.
 *
 * | QBO entity    | topic         | sourceId             | how                                      |
 * | ------------- | ------------- | -------------------- | ---------------------------------------- |
 * | Customer      | customer      | Id                   |                                          |
 * | Item          | (none)        |                      | read for the SKUs of invoice lines only  |
 * | Invoice       | invoice       | Id                   | voided ones stay, with zero amounts      |
 * | SalesReceipt  | invoice       | `SalesReceipt:<Id>`  | a sale paid at once: balance 0           |
 * | Payment       | payment       | Id                   | invoiceIds from LinkedTxn of type Invoice |
 * | CreditMemo    | credit-memo   | Id                   |                                          |
 * | RefundReceipt | credit-memo   | `RefundReceipt:<Id>` | a refund paid out at once                |
 * | JournalEntry  | journal-entry | Id                   | fees: Debit lines on a "fee" account     |
 * | Deposit       | journal-entry | `Deposit:<Id>`       | only payouts with fee lines (see below)  |
 *
 * Records mapped onto another entity's topic get a prefixed id, because QBO does not promise that
 * ids are unique across entity types. Receipts without a customer (walk-in sales) have no place in
 * the contract (`customerId` is required) and are skipped.
 *
 * Versions: QBO serves `MetaData.LastUpdatedTime` in whole seconds, so two changes of a record in
 * one second would share a version and the projector would drop the second. The version is
 * therefore the second in epoch ms plus the record's SyncToken (which rises with every change) in
 * the milliseconds, capped at 999; a delete gets 999, since nothing follows it. `updatedAt` is the
 * same instant, so `version` stays "updatedAt in epoch ms" as the contract says.
 */

export type Topic = 'customer' | 'invoice' | 'payment' | 'credit-memo' | 'journal-entry';

export const TOPIC_OF: Record<QboEntity, Topic | null> = {
  Customer: 'customer',
  Item: null,
  Invoice: 'invoice',
  SalesReceipt: 'invoice',
  Payment: 'payment',
  RefundReceipt: 'credit-memo',
  CreditMemo: 'credit-memo',
  Deposit: 'journal-entry',
  JournalEntry: 'journal-entry',
};

const PREFIXED: ReadonlySet<QboEntity> = new Set(['SalesReceipt', 'RefundReceipt', 'Deposit']);

export function sourceIdOf(entity: QboEntity, id: string): string {
  return PREFIXED.has(entity) ? `${entity}:${id}` : id;
}

function secondOf(lastUpdated: string): number {
  const ms = Date.parse(lastUpdated);
  if (Number.isNaN(ms)) throw new Error(`unreadable LastUpdatedTime '${lastUpdated}'`);
  return Math.floor(ms / 1000) * 1000;
}

/** See the header: the second of the change, plus the SyncToken as a tie-break. */
export function versionOf(lastUpdated: string, syncToken: string | undefined): number {
  const sync = Number(syncToken ?? 0);
  return secondOf(lastUpdated) + Math.min(999, Number.isInteger(sync) && sync > 0 ? sync : 0);
}

export const deleteVersionOf = (lastUpdated: string): number => secondOf(lastUpdated) + 999;

/** "Shopify order #1001" (the sandbox's memo, and what common sync apps write) → "#1001". */
export function orderNameOf(...texts: (string | undefined)[]): string | null {
  for (const text of texts) {
    const match = text ? /#[\w-]+/.exec(text) : null;
    if (match) return match[0];
  }
  return null;
}

/** The SKUs of items, which invoice lines reference only by ItemRef. */
export class ItemSkus {
  private readonly skus = new Map<string, string | null>();

  learn(item: QboItem): void {
    this.skus.set(item.Id, item.Sku?.trim() || null);
  }

  has(id: string): boolean {
    return this.skus.has(id);
  }

  sku(id: string | undefined): string | null {
    return id === undefined ? null : (this.skus.get(id) ?? null);
  }

  /** Item ids referenced by these records' lines and not known yet. */
  missing(records: readonly unknown[]): string[] {
    const ids = new Set<string>();
    for (const record of records) {
      const lines = (record as { Line?: unknown }).Line;
      if (!Array.isArray(lines)) continue;
      for (const line of lines as { SalesItemLineDetail?: { ItemRef?: { value?: unknown } } }[]) {
        const id = line?.SalesItemLineDetail?.ItemRef?.value;
        if (typeof id === 'string' && !this.skus.has(id)) ids.add(id);
      }
    }
    return [...ids];
  }

  get size(): number {
    return this.skus.size;
  }
}

export interface MapContext {
  items: ItemSkus;
  homeCurrency: string;
}

export type Mapped =
  | { kind: 'event'; event: ChangeEvent }
  | { kind: 'skip'; reason: string }
  | { kind: 'invalid'; reason: string };

const currencyOf = (ctx: MapContext, ref: Ref | undefined) => ref?.value ?? ctx.homeCurrency;
const orNull = (value: string | undefined): string | null => value?.trim() || null;

function upsert(
  entity: QboEntity,
  topic: Topic,
  record: { Id: string; SyncToken?: string | undefined; MetaData: { LastUpdatedTime: string } },
  build: (updatedAt: string, id: string) => Record<string, unknown>,
): Mapped {
  const version = versionOf(record.MetaData.LastUpdatedTime, record.SyncToken);
  const updatedAt = new Date(version).toISOString();
  const id = sourceIdOf(entity, record.Id);
  return {
    kind: 'event',
    event: createEvent({
      source: 'accounting',
      entity: topic,
      op: 'upsert',
      sourceId: id,
      version,
      occurredAt: updatedAt,
      payload: build(updatedAt, id),
    }),
  };
}

export function deleteEvent(
  entity: QboEntity,
  id: string,
  lastUpdated: string,
): ChangeEvent | null {
  const topic = TOPIC_OF[entity];
  if (!topic) return null;
  const version = deleteVersionOf(lastUpdated);
  return createEvent({
    source: 'accounting',
    entity: topic,
    op: 'delete',
    sourceId: sourceIdOf(entity, id),
    version,
    occurredAt: new Date(version).toISOString(),
    payload: null,
  });
}

function invoiceLines(ctx: MapContext, lines: Line[]): AccountingInvoice['lines'] {
  return lines
    .filter((l) => l.DetailType === 'SalesItemLineDetail')
    .map((l) => ({
      description: orNull(l.Description),
      sku: ctx.items.sku(l.SalesItemLineDetail?.ItemRef?.value),
      quantity: l.SalesItemLineDetail?.Qty ?? 1,
      amount: vendorMoney(l.Amount),
    }));
}

function parse<S extends z.ZodType>(schema: S, raw: unknown): z.output<S> | string {
  const parsed = schema.safeParse(raw);
  if (parsed.success) return parsed.data;
  return parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
}

const isFeeAccount = (ref: Ref | undefined) => /fee/i.test(ref?.name ?? '');

/** One QBO record (already known not to be a CDC tombstone) → an event, or why not. */
export function mapRecord(entity: QboEntity, raw: unknown, ctx: MapContext): Mapped {
  switch (entity) {
    case 'Customer': {
      const c = parse(customerSchema, raw);
      if (typeof c === 'string') return { kind: 'invalid', reason: c };
      return upsert(entity, 'customer', c, (updatedAt, id): AccountingCustomer => ({
        id,
        displayName: c.DisplayName,
        email: orNull(c.PrimaryEmailAddr?.Address),
        phone: orNull(c.PrimaryPhone?.FreeFormNumber),
        shopifyCustomerId: null,
        balance: vendorMoney(c.Balance),
        currency: currencyOf(ctx, c.CurrencyRef),
        updatedAt,
      }));
    }
    case 'Item':
      return { kind: 'skip', reason: 'items only feed the SKUs of invoice lines' };
    case 'Invoice': {
      const i = parse(invoiceSchema, raw);
      if (typeof i === 'string') return { kind: 'invalid', reason: i };
      return upsert(entity, 'invoice', i, (updatedAt, id): AccountingInvoice => ({
        id,
        docNumber: i.DocNumber ?? i.Id,
        txnDate: i.TxnDate,
        customerId: i.CustomerRef.value,
        orderName: orderNameOf(i.PrivateNote),
        currency: currencyOf(ctx, i.CurrencyRef),
        totalAmount: vendorMoney(i.TotalAmt),
        balance: vendorMoney(i.Balance),
        lines: invoiceLines(ctx, i.Line),
        updatedAt,
      }));
    }
    case 'SalesReceipt': {
      const r = parse(receiptSchema, raw);
      if (typeof r === 'string') return { kind: 'invalid', reason: r };
      const customer = r.CustomerRef;
      if (!customer) return { kind: 'skip', reason: 'sales receipt without a customer' };
      return upsert(entity, 'invoice', r, (updatedAt, id): AccountingInvoice => ({
        id,
        docNumber: r.DocNumber ?? r.Id,
        txnDate: r.TxnDate,
        customerId: customer.value,
        orderName: orderNameOf(r.PrivateNote),
        currency: currencyOf(ctx, r.CurrencyRef),
        totalAmount: vendorMoney(r.TotalAmt),
        balance: '0.00',
        lines: invoiceLines(ctx, r.Line),
        updatedAt,
      }));
    }
    case 'Payment': {
      const p = parse(paymentSchema, raw);
      if (typeof p === 'string') return { kind: 'invalid', reason: p };
      const invoiceIds = [
        ...new Set(
          p.Line.flatMap((l) => l.LinkedTxn.filter((t) => t.TxnType === 'Invoice')).map(
            (t) => t.TxnId,
          ),
        ),
      ];
      return upsert(entity, 'payment', p, (updatedAt, id): AccountingPayment => ({
        id,
        customerId: p.CustomerRef.value,
        txnDate: p.TxnDate,
        totalAmount: vendorMoney(p.TotalAmt),
        currency: currencyOf(ctx, p.CurrencyRef),
        invoiceIds,
        updatedAt,
      }));
    }
    case 'CreditMemo':
    case 'RefundReceipt': {
      const m = parse(entity === 'CreditMemo' ? creditMemoSchema : receiptSchema, raw);
      if (typeof m === 'string') return { kind: 'invalid', reason: m };
      const customer = m.CustomerRef;
      if (!customer) return { kind: 'skip', reason: 'refund receipt without a customer' };
      return upsert(entity, 'credit-memo', m, (updatedAt, id): AccountingCreditMemo => ({
        id,
        docNumber: m.DocNumber ?? m.Id,
        customerId: customer.value,
        txnDate: m.TxnDate,
        orderName: orderNameOf(m.PrivateNote),
        totalAmount: vendorMoney(m.TotalAmt),
        currency: currencyOf(ctx, m.CurrencyRef),
        updatedAt,
      }));
    }
    case 'JournalEntry': {
      const j = parse(journalEntrySchema, raw);
      if (typeof j === 'string') return { kind: 'invalid', reason: j };
      return upsert(entity, 'journal-entry', j, (updatedAt, id): AccountingJournalEntry => ({
        id,
        docNumber: orNull(j.DocNumber),
        txnDate: j.TxnDate,
        orderName: orderNameOf(j.PrivateNote, ...j.Line.map((l) => l.Description)),
        currency: currencyOf(ctx, j.CurrencyRef),
        lines: j.Line.flatMap((l) =>
          l.JournalEntryLineDetail
            ? [
                {
                  postingType: l.JournalEntryLineDetail.PostingType,
                  accountName:
                    l.JournalEntryLineDetail.AccountRef.name ??
                    l.JournalEntryLineDetail.AccountRef.value,
                  amount: vendorMoney(l.Amount),
                  description: orNull(l.Description),
                },
              ]
            : [],
        ),
        updatedAt,
      }));
    }
    case 'Deposit': {
      const d = parse(depositSchema, raw);
      if (typeof d === 'string') return { kind: 'invalid', reason: d };
      // A payout lands net of the processor's fees; those show as deposit lines (usually
      // negative) on a fee account. Only such payouts carry something the contract wants.
      const fees = d.Line.filter((l) => isFeeAccount(l.DepositLineDetail?.AccountRef));
      if (fees.length === 0) return { kind: 'skip', reason: 'payout without fee lines' };
      const others = d.Line.filter((l) => !fees.includes(l));
      const bank = d.DepositToAccountRef;
      return upsert(entity, 'journal-entry', d, (updatedAt, id): AccountingJournalEntry => ({
        id,
        docNumber: null,
        txnDate: d.TxnDate,
        orderName: orderNameOf(d.PrivateNote),
        currency: currencyOf(ctx, d.CurrencyRef),
        // As the double entry it is: the bank and the fees debited, the sources credited.
        lines: [
          {
            postingType: 'Debit' as const,
            accountName: bank?.name ?? bank?.value ?? 'Deposit',
            amount: vendorMoney(d.TotalAmt),
            description: orNull(d.PrivateNote),
          },
          ...fees.map((l) => ({
            postingType: 'Debit' as const,
            accountName: l.DepositLineDetail?.AccountRef?.name ?? 'Fees',
            amount: vendorMoney(Math.abs(l.Amount)),
            description: orNull(l.Description),
          })),
          ...others.map((l) => ({
            postingType: 'Credit' as const,
            accountName:
              l.DepositLineDetail?.AccountRef?.name ??
              l.DepositLineDetail?.AccountRef?.value ??
              'Deposit',
            amount: vendorMoney(l.Amount),
            description: orNull(l.Description),
          })),
        ],
        updatedAt,
      }));
    }
  }
}
