import { z } from 'zod';

/**
 * The parts of QuickBooks Online v3 records the connector relies on, checked with zod at the
 * boundary. Unknown fields are dropped; fields QBO omits when empty are optional here too.
 */

export const QBO_ENTITIES = [
  'Customer',
  'Item',
  'Invoice',
  'SalesReceipt',
  'Payment',
  'RefundReceipt',
  'CreditMemo',
  'Deposit',
  'JournalEntry',
] as const;
export type QboEntity = (typeof QBO_ENTITIES)[number];

export const isQboEntity = (name: string): name is QboEntity =>
  (QBO_ENTITIES as readonly string[]).includes(name);

const ref = z.object({ value: z.string().min(1), name: z.string().optional() });
export type Ref = z.infer<typeof ref>;

const metaData = z.object({ LastUpdatedTime: z.string().min(1) });

const base = {
  Id: z.string().min(1),
  SyncToken: z.string().optional(),
  MetaData: metaData,
};

const linkedTxn = z.object({ TxnId: z.string().min(1), TxnType: z.string() });

export const lineSchema = z.object({
  Description: z.string().optional(),
  Amount: z.number().default(0),
  DetailType: z.string(),
  SalesItemLineDetail: z.object({ ItemRef: ref.optional(), Qty: z.number().optional() }).optional(),
  JournalEntryLineDetail: z
    .object({ PostingType: z.enum(['Debit', 'Credit']), AccountRef: ref })
    .optional(),
  DepositLineDetail: z.object({ AccountRef: ref.optional() }).optional(),
  LinkedTxn: z.array(linkedTxn).default([]),
});
export type Line = z.infer<typeof lineSchema>;

const lines = z.array(lineSchema).default([]);

export const customerSchema = z.object({
  ...base,
  DisplayName: z.string(),
  PrimaryEmailAddr: z.object({ Address: z.string().optional() }).optional(),
  PrimaryPhone: z.object({ FreeFormNumber: z.string().optional() }).optional(),
  Balance: z.number().default(0),
  CurrencyRef: ref.optional(),
});

export const itemSchema = z.object({
  ...base,
  Name: z.string().optional(),
  Sku: z.string().optional(),
});

const salesDocument = {
  ...base,
  DocNumber: z.string().optional(),
  TxnDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  CurrencyRef: ref.optional(),
  PrivateNote: z.string().optional(),
  Line: lines,
  TotalAmt: z.number().default(0),
};

export const invoiceSchema = z.object({
  ...salesDocument,
  CustomerRef: ref,
  Balance: z.number().default(0),
});

/** Sales and refund receipts may have no customer (a walk-in sale). */
export const receiptSchema = z.object({ ...salesDocument, CustomerRef: ref.optional() });

export const creditMemoSchema = z.object({ ...salesDocument, CustomerRef: ref });

export const paymentSchema = z.object({
  ...base,
  TxnDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  CustomerRef: ref,
  CurrencyRef: ref.optional(),
  TotalAmt: z.number().default(0),
  Line: z
    .array(z.object({ Amount: z.number().default(0), LinkedTxn: z.array(linkedTxn).default([]) }))
    .default([]),
});

export const depositSchema = z.object({
  ...base,
  TxnDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  CurrencyRef: ref.optional(),
  PrivateNote: z.string().optional(),
  DepositToAccountRef: ref.optional(),
  TotalAmt: z.number().default(0),
  Line: lines,
});

export const journalEntrySchema = z.object({
  ...base,
  DocNumber: z.string().optional(),
  TxnDate: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  CurrencyRef: ref.optional(),
  PrivateNote: z.string().optional(),
  Line: lines,
});

/** What CDC answers for an object deleted since `changedSince`. */
export const deletedSchema = z.object({
  Id: z.string().min(1),
  status: z.literal('Deleted'),
  MetaData: metaData,
});

export type QboCustomer = z.infer<typeof customerSchema>;
export type QboItem = z.infer<typeof itemSchema>;
export type QboInvoice = z.infer<typeof invoiceSchema>;
export type QboReceipt = z.infer<typeof receiptSchema>;
export type QboCreditMemo = z.infer<typeof creditMemoSchema>;
export type QboPayment = z.infer<typeof paymentSchema>;
export type QboDeposit = z.infer<typeof depositSchema>;
export type QboJournalEntry = z.infer<typeof journalEntrySchema>;

/** `{QueryResponse: {<Entity>: [...], startPosition, maxResults} | {totalCount} | {}, time}` */
export const queryAnswerSchema = z.object({
  QueryResponse: z.record(z.string(), z.unknown()),
  time: z.string().optional(),
});

/** `{CDCResponse: [{QueryResponse: [{<Entity>: [...]} | {}, ...]}], time}` */
export const cdcAnswerSchema = z.object({
  CDCResponse: z.array(
    z.object({ QueryResponse: z.array(z.record(z.string(), z.unknown())).default([]) }),
  ),
  time: z.string().optional(),
});

/** Webhook bodies (the legacy format, which the sandbox sends). */
export const notificationSchema = z.object({
  eventNotifications: z.array(
    z.object({
      realmId: z.string().min(1),
      dataChangeEvent: z.object({
        entities: z.array(
          z.object({
            name: z.string().min(1),
            id: z.string().min(1),
            operation: z.string().min(1),
            lastUpdated: z.string().min(1),
          }),
        ),
      }),
    }),
  ),
});
export type Notification = z.infer<typeof notificationSchema>;
export type EntityChange =
  Notification['eventNotifications'][number]['dataChangeEvent']['entities'][number];
