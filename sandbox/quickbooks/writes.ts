import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { fault } from './errors';
import type { EntityName, Line, QboEntities, QboRecord, QboStore, Ref } from './store';
import { accounts } from './seed';
import { qboDate, qboTime } from './time';

// Writes as the Accounting API takes them: `POST /v3/company/{realm}/{entity}` creates, or updates
// when the body names an `Id` (with the current `SyncToken`; `"sparse": true` changes only the
// fields sent). `?requestid=` makes a write idempotent: the same id gets the original answer
// again and changes nothing. Refusals carry QBO's codes: 2020 (required field), 2050 (string too
// long: DocNumber ≤ 21), 2500 (a reference to nothing), 5010 (stale SyncToken), 6070 (Amount ≠
// UnitPrice × Qty), 6140 (duplicate DocNumber, with custom transaction numbers on), 6240
// (duplicate customer name), 610 (no such object). Amounts are added in integer cents.
export interface WriteOptions {
  store: QboStore;
  /** The company's "custom transaction numbers" preference: DocNumbers are the app's, unique. */
  customTxnNumbers: boolean;
}

/** The path segment of each writable entity. */
const WRITABLE: Record<string, EntityName> = {
  customer: 'Customer',
  invoice: 'Invoice',
  salesreceipt: 'SalesReceipt',
  payment: 'Payment',
  refundreceipt: 'RefundReceipt',
  creditmemo: 'CreditMemo',
  deposit: 'Deposit',
  journalentry: 'JournalEntry',
};

const DOC_NUMBER_MAX = 21;

const ref = z.object({ value: z.string().min(1), name: z.string().optional() });
const lineInput = z.object({
  Description: z.string().optional(),
  Amount: z.number(),
  DetailType: z.enum([
    'SalesItemLineDetail',
    'SubTotalLineDetail',
    'DiscountLineDetail',
    'DepositLineDetail',
    'JournalEntryLineDetail',
  ]),
  SalesItemLineDetail: z
    .object({
      ItemRef: ref,
      UnitPrice: z.number().optional(),
      Qty: z.number().optional(),
      TaxCodeRef: ref.optional(),
    })
    .optional(),
  DiscountLineDetail: z.object({ PercentBased: z.boolean().optional() }).optional(),
  DepositLineDetail: z.object({ AccountRef: ref }).optional(),
  JournalEntryLineDetail: z
    .object({ PostingType: z.enum(['Debit', 'Credit']), AccountRef: ref })
    .optional(),
});
type LineInput = z.infer<typeof lineInput>;

const salesInput = z.object({
  DocNumber: z.string().optional(),
  TxnDate: z.string().optional(),
  CustomerRef: ref.optional(),
  PrivateNote: z.string().optional(),
  Line: z.array(lineInput).min(1),
  TxnTaxDetail: z.object({ TotalTax: z.number().default(0) }).optional(),
  DepositToAccountRef: ref.optional(),
  CurrencyRef: ref.optional(),
  BillEmail: z.object({ Address: z.string() }).optional(),
});
const customerInput = z.object({
  DisplayName: z.string().min(1).max(500),
  GivenName: z.string().optional(),
  FamilyName: z.string().optional(),
  PrimaryEmailAddr: z.object({ Address: z.string() }).optional(),
  PrimaryPhone: z.object({ FreeFormNumber: z.string() }).optional(),
  CurrencyRef: ref.optional(),
});
const paymentInput = z.object({
  CustomerRef: ref,
  TotalAmt: z.number(),
  TxnDate: z.string().optional(),
  DepositToAccountRef: ref.optional(),
  CurrencyRef: ref.optional(),
  Line: z
    .array(
      z.object({
        Amount: z.number(),
        LinkedTxn: z.array(z.object({ TxnId: z.string(), TxnType: z.literal('Invoice') })),
      }),
    )
    .default([]),
});
const depositInput = z.object({
  DepositToAccountRef: ref,
  TxnDate: z.string().optional(),
  PrivateNote: z.string().optional(),
  CurrencyRef: ref.optional(),
  Line: z.array(lineInput).min(1),
});
const journalInput = z.object({
  DocNumber: z.string().optional(),
  TxnDate: z.string().optional(),
  PrivateNote: z.string().optional(),
  CurrencyRef: ref.optional(),
  Line: z.array(lineInput).min(2),
});

interface Answer {
  status: number;
  body: unknown;
}

class Refusal extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly detail: string,
  ) {
    super(message);
  }
}

const cents = (n: number) => Math.round(n * 100);
const amount = (c: number) => c / 100;

export function registerWriteRoutes(app: FastifyInstance, options: WriteOptions): void {
  const { store } = options;
  /** The original answer of each requestid, as QBO keeps them. */
  const answers = new Map<string, Answer>();

  app.post<{ Params: { entity: string }; Querystring: Record<string, string | undefined> }>(
    '/v3/company/:realmId/:entity',
    async (request, reply) => {
      const requestId = request.query.requestid;
      const replay = requestId === undefined ? undefined : answers.get(requestId);
      const answer = replay ?? write(request.params.entity, request.body);
      if (requestId !== undefined && !replay) answers.set(requestId, answer);
      return reply.code(answer.status).send(answer.body);
    },
  );

  function write(path: string, body: unknown): Answer {
    const name = WRITABLE[path.toLowerCase()];
    if (!name) {
      return refused(
        new Refusal(
          '2010',
          'Request has invalid or unsupported property',
          `${path} is not writable`,
        ),
      );
    }
    try {
      const id = (body as { Id?: unknown } | null)?.Id;
      const record = typeof id === 'string' ? update(name, body as Updating) : create(name, body);
      return { status: 200, body: { [name]: record, time: qboTime(store.clock.now()) } };
    } catch (error) {
      if (error instanceof Refusal) return refused(error);
      throw error;
    }
  }

  function refused(error: Refusal): Answer {
    return { status: 400, body: fault('ValidationFault', error.code, error.message, error.detail) };
  }

  type Updating = { Id: string; SyncToken?: unknown; sparse?: unknown } & Record<string, unknown>;

  function update(name: EntityName, body: Updating): QboRecord {
    const current = store.tables[name].get(body.Id) as QboRecord | undefined;
    if (!current) throw notFound();
    if (String(body.SyncToken) !== current.SyncToken) {
      throw new Refusal(
        '5010',
        'Stale Object Error',
        `Stale Object Error : You and another user were working on the same thing at the same time. SyncToken ${String(body.SyncToken)} is not the current one (${current.SyncToken}).`,
      );
    }
    // A sparse update changes what it names; a full one replaces the writable fields.
    const merged = { ...(body.sparse === true ? current : {}), ...body };
    const rebuilt = build(name, merged, current);
    Object.assign(current, rebuilt, {
      Id: current.Id,
      SyncToken: current.SyncToken,
      MetaData: current.MetaData,
    });
    return store.update(name, current as QboEntities[typeof name]);
  }

  function create(name: EntityName, body: unknown): QboRecord {
    const record = build(name, body, undefined);
    return store.create(name, record as QboEntities[typeof name]);
  }

  function build(name: EntityName, body: unknown, current: QboRecord | undefined): QboRecord {
    const base = {
      Id: current?.Id ?? store.newId(),
      SyncToken: current?.SyncToken ?? '0',
      domain: 'QBO' as const,
      sparse: false as const,
      MetaData: current?.MetaData ?? { CreateTime: '', LastUpdatedTime: '' },
    };
    const currency = (r?: Ref): Ref => r ?? { value: 'USD', name: 'United States Dollar' };
    const date = (d?: string) => d ?? qboDate(store.clock.now());
    switch (name) {
      case 'Customer': {
        const c = parse(customerInput, body);
        const taken = store
          .list('Customer')
          .find((x) => x.DisplayName === c.DisplayName && x.Id !== base.Id);
        if (taken) {
          throw new Refusal(
            '6240',
            'Duplicate Name Exists Error',
            'The name supplied already exists. : Another customer is already using this name. Please use a different name.',
          );
        }
        return {
          ...base,
          DisplayName: c.DisplayName,
          GivenName: c.GivenName ?? '',
          FamilyName: c.FamilyName ?? '',
          FullyQualifiedName: c.DisplayName,
          ...(c.PrimaryEmailAddr ? { PrimaryEmailAddr: c.PrimaryEmailAddr } : {}),
          ...(c.PrimaryPhone ? { PrimaryPhone: c.PrimaryPhone } : {}),
          BillAddr: { Line1: '', City: '', CountrySubDivisionCode: '', PostalCode: '' },
          Balance: current && 'Balance' in current ? current.Balance : 0,
          BalanceWithJobs: 0,
          CurrencyRef: currency(c.CurrencyRef),
          Taxable: true,
          Job: false,
          Active: true,
          PreferredDeliveryMethod: 'None',
        };
      }
      case 'Invoice':
      case 'SalesReceipt':
      case 'RefundReceipt':
      case 'CreditMemo': {
        const s = parse(salesInput, body);
        const customer = s.CustomerRef && customerOf(s.CustomerRef);
        if (!customer && (name === 'Invoice' || name === 'CreditMemo')) {
          throw missing('CustomerRef');
        }
        if (name === 'RefundReceipt' && !s.DepositToAccountRef)
          throw missing('DepositToAccountRef');
        const docNumber = docNumberFor(name, s.DocNumber, base.Id);
        const lines = salesLines(s.Line);
        const subtotal = lines.reduce((sum, l) => sum + cents(l.Amount), 0);
        // A fixed-amount discount comes off the subtotal, before tax.
        const discount = s.Line.filter((l) => l.DetailType === 'DiscountLineDetail').reduce(
          (sum, l) => sum + cents(l.Amount),
          0,
        );
        const tax = cents(s.TxnTaxDetail?.TotalTax ?? 0);
        const total = amount(subtotal - discount + tax);
        const doc = {
          ...base,
          ...(docNumber === undefined ? {} : { DocNumber: docNumber }),
          TxnDate: date(s.TxnDate),
          CurrencyRef: currency(s.CurrencyRef),
          ...(customer ? { CustomerRef: { value: customer.Id, name: customer.DisplayName } } : {}),
          PrivateNote: s.PrivateNote ?? '',
          Line: [
            ...lines,
            {
              Amount: amount(subtotal),
              DetailType: 'SubTotalLineDetail' as const,
              SubTotalLineDetail: {},
            },
            ...(discount === 0
              ? []
              : [
                  {
                    Amount: amount(discount),
                    DetailType: 'DiscountLineDetail' as const,
                    DiscountLineDetail: { PercentBased: false },
                  },
                ]),
          ],
          TxnTaxDetail: { TotalTax: amount(tax) },
          TotalAmt: total,
        };
        if (name === 'Invoice') {
          return {
            ...doc,
            DueDate: doc.TxnDate,
            Balance: total,
            ...(s.BillEmail ? { BillEmail: s.BillEmail } : {}),
            EmailStatus: 'NotSet',
            LinkedTxn: [],
          } as QboRecord;
        }
        if (name === 'CreditMemo') {
          return { ...doc, Balance: total, RemainingCredit: total } as QboRecord;
        }
        return {
          ...doc,
          Balance: 0,
          DepositToAccountRef: s.DepositToAccountRef ?? accounts.undeposited,
        } as QboRecord;
      }
      case 'Payment': {
        const p = parse(paymentInput, body);
        const customer = customerOf(p.CustomerRef);
        if (!customer) throw invalidRef('Customer', p.CustomerRef.value);
        const applied = p.Line.reduce((sum, l) => sum + cents(l.Amount), 0);
        for (const line of p.Line) {
          for (const txn of line.LinkedTxn) {
            const invoice = store.tables.Invoice.get(txn.TxnId);
            if (!invoice) throw invalidRef('Invoice', txn.TxnId);
            invoice.Balance = amount(Math.max(0, cents(invoice.Balance) - cents(line.Amount)));
            invoice.LinkedTxn.push({ TxnId: base.Id, TxnType: 'Payment' });
            store.update('Invoice', invoice);
          }
        }
        return {
          ...base,
          TxnDate: date(p.TxnDate),
          CurrencyRef: currency(p.CurrencyRef),
          CustomerRef: { value: customer.Id, name: customer.DisplayName },
          TotalAmt: p.TotalAmt,
          UnappliedAmt: amount(cents(p.TotalAmt) - applied),
          DepositToAccountRef: p.DepositToAccountRef ?? accounts.undeposited,
          Line: p.Line,
        };
      }
      case 'Deposit': {
        const d = parse(depositInput, body);
        const lines = d.Line.map((l, i) => {
          if (l.DetailType !== 'DepositLineDetail' || !l.DepositLineDetail) {
            throw missing(`Line[${i}].DepositLineDetail`);
          }
          return { ...l, Id: String(i + 1), LineNum: i + 1 } as Line;
        });
        return {
          ...base,
          TxnDate: date(d.TxnDate),
          CurrencyRef: currency(d.CurrencyRef),
          PrivateNote: d.PrivateNote ?? '',
          DepositToAccountRef: d.DepositToAccountRef,
          TotalAmt: amount(lines.reduce((sum, l) => sum + cents(l.Amount), 0)),
          Line: lines,
        };
      }
      case 'JournalEntry': {
        const j = parse(journalInput, body);
        let balance = 0;
        const lines = j.Line.map((l, i) => {
          if (!l.JournalEntryLineDetail) throw missing(`Line[${i}].JournalEntryLineDetail`);
          balance += (l.JournalEntryLineDetail.PostingType === 'Debit' ? 1 : -1) * cents(l.Amount);
          return { ...l, Id: String(i) } as Line;
        });
        if (balance !== 0) {
          throw new Refusal(
            '6000',
            'A business validation error has occurred while processing your request',
            'Business Validation Error: The debits and credits of a journal entry must be equal.',
          );
        }
        const docNumber = docNumberFor(name, j.DocNumber, base.Id);
        return {
          ...base,
          DocNumber: docNumber ?? '',
          TxnDate: date(j.TxnDate),
          CurrencyRef: currency(j.CurrencyRef),
          PrivateNote: j.PrivateNote ?? '',
          Adjustment: false,
          Line: lines,
        };
      }
      default:
        throw new Refusal('2010', 'Request has invalid or unsupported property', `${name}`);
    }
  }

  function salesLines(input: LineInput[]): Line[] {
    return input
      .filter((l) => l.DetailType !== 'SubTotalLineDetail' && l.DetailType !== 'DiscountLineDetail')
      .map((l, i) => {
        const detail = l.SalesItemLineDetail;
        if (l.DetailType !== 'SalesItemLineDetail' || !detail) {
          throw missing(`Line[${i}].SalesItemLineDetail`);
        }
        const item = store.tables.Item.get(detail.ItemRef.value);
        if (!item) throw invalidRef('Item', detail.ItemRef.value);
        const qty = detail.Qty ?? 1;
        const unitPrice = detail.UnitPrice ?? amount(cents(l.Amount) / qty);
        if (detail.UnitPrice !== undefined && cents(unitPrice * qty) !== cents(l.Amount)) {
          throw new Refusal(
            '6070',
            'Amount is not equal to UnitPrice * Qty',
            `Amount is not equal to UnitPrice * Qty. Supplied value:${l.Amount}`,
          );
        }
        return {
          Id: String(i + 1),
          LineNum: i + 1,
          ...(l.Description === undefined ? {} : { Description: l.Description }),
          Amount: l.Amount,
          DetailType: 'SalesItemLineDetail' as const,
          SalesItemLineDetail: {
            ItemRef: { value: item.Id, name: item.Name },
            UnitPrice: unitPrice,
            Qty: qty,
            TaxCodeRef: detail.TaxCodeRef ?? { value: 'NON' },
          },
        };
      });
  }

  function docNumberFor(name: EntityName, docNumber: string | undefined, id: string) {
    if (docNumber !== undefined && docNumber.length > DOC_NUMBER_MAX) {
      throw new Refusal(
        '2050',
        'String length is either shorter or longer than supported by specification',
        `String length specified does not match the supported length. Min:0 Max:${DOC_NUMBER_MAX} supported. Supplied length:${docNumber.length}`,
      );
    }
    if (!options.customTxnNumbers) return docNumber ?? nextDocNumber(name);
    if (docNumber === undefined || docNumber === '') return undefined;
    const taken = (store.list(name) as { Id: string; DocNumber?: string }[]).find(
      (r) => r.DocNumber === docNumber && r.Id !== id,
    );
    if (taken) {
      throw new Refusal(
        '6140',
        'Duplicate Document Number Error',
        `Duplicate Document Number Error : You must specify a different number. This number has already been used. DocNumber=${docNumber} is assigned to TxnType=${name} with TxnId=${taken.Id}`,
      );
    }
    return docNumber;
  }

  /** QBO's "next in sequence" for a company that leaves numbering to QuickBooks. */
  function nextDocNumber(name: EntityName): string {
    const numbers = (store.list(name) as { DocNumber?: string }[]).map(
      (r) => Number(r.DocNumber) || 0,
    );
    return String(Math.max(1000, ...numbers) + 1);
  }

  function customerOf(r: Ref) {
    const customer = store.tables.Customer.get(r.value);
    if (!customer) throw invalidRef('Customer', r.value);
    return customer;
  }
}

function parse<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  throw missing(issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'body');
}

function missing(what: string): Refusal {
  return new Refusal(
    '2020',
    'Required param missing, need to supply the required value for the API',
    `Required parameter ${what} is missing in the request`,
  );
}

function invalidRef(entity: string, id: string): Refusal {
  return new Refusal(
    '2500',
    'Invalid Reference Id',
    `Invalid Reference Id : ${entity} assigned to this transaction has been deleted. Before you can modify this transaction, you must restore ${entity} ${id}.`,
  );
}

function notFound(): Refusal {
  return new Refusal(
    '610',
    'Object Not Found',
    `Object Not Found : Something you're trying to use has been made inactive. Check the fields with accounts, customers, items, vendors or employees.`,
  );
}
