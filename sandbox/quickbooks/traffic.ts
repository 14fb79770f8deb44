import { chance, intBetween, pick, type Rng, weightedPick } from '../toolkit/random';
import { TrafficGenerator } from '../toolkit/traffic';
import {
  balanceOf,
  buildCustomer,
  buildFee,
  buildInvoice,
  buildPayment,
  buildRefund,
  round2,
  accounts,
} from './seed';
import type { CreditMemo, Deposit, QboStore } from './store';
import { qboDate } from './time';

// Live bookkeeping: invoices for new orders (sometimes a new customer), payments with their fee
// journal entry, sales receipts, refunds (receipt or credit memo), payouts as deposits, customer
// edits, and the odd voided or deleted invoice. Each goes through the store (SyncToken,
// LastUpdatedTime, webhook).
type Action = [weight: number, run: (store: QboStore, rng: Rng, currency: string) => void];

const actions: Action[] = [
  [25, newInvoice],
  [20, payInvoice],
  [10, salesReceipt],
  [6, refund],
  [5, deposit],
  [10, editCustomer],
  [2, voidInvoice],
  [1, deleteInvoice],
];

export function createQboTraffic(
  store: QboStore,
  options: { ratePerSecond: number; seed: number; currency: string },
): TrafficGenerator {
  return new TrafficGenerator({
    ratePerSecond: options.ratePerSecond,
    seed: options.seed,
    change: (rng) => weightedPick(rng, actions)?.(store, rng, options.currency),
  });
}

const nextDocNumber = (store: QboStore) =>
  1 + Math.max(1000, ...store.list('Invoice').map((i) => Number(i.DocNumber) || 0));

function newInvoice(store: QboStore, rng: Rng, currency: string): void {
  let customers = store.list('Customer');
  if (customers.length === 0 || chance(rng, 0.2)) {
    store.create('Customer', buildCustomer(store, rng, intBetween(rng, 1000, 99999), currency));
    customers = store.list('Customer');
  }
  const customer = pick(rng, customers);
  store.create(
    'Invoice',
    buildInvoice(store, rng, customer, nextDocNumber(store), store.clock.now(), currency),
  );
  customer.Balance = balanceOf(store, customer.Id);
  store.update('Customer', customer);
}

function payInvoice(store: QboStore, rng: Rng): void {
  const open = store.list('Invoice').filter((i) => i.Balance > 0);
  if (open.length === 0) return;
  const invoice = pick(rng, open);
  const now = store.clock.now();
  store.create('Payment', buildPayment(store, invoice, now));
  invoice.Balance = 0;
  store.update('Invoice', invoice);
  store.create('JournalEntry', buildFee(store, invoice, now));
}

function salesReceipt(store: QboStore, rng: Rng, currency: string): void {
  const customers = store.list('Customer');
  if (customers.length === 0) return;
  const invoice = buildInvoice(
    store,
    rng,
    pick(rng, customers),
    nextDocNumber(store),
    store.clock.now(),
    currency,
  );
  store.create('SalesReceipt', {
    ...invoice,
    DocNumber: `SR${invoice.DocNumber}`,
    Balance: 0,
    DepositToAccountRef: accounts.undeposited,
  });
}

function refund(store: QboStore, rng: Rng): void {
  const paid = store.list('Invoice').filter((i) => i.Balance === 0 && i.TotalAmt > 0);
  if (paid.length === 0) return;
  const invoice = pick(rng, paid);
  const now = store.clock.now();
  if (chance(rng, 0.5)) {
    store.create('RefundReceipt', buildRefund(store, invoice, now));
    return;
  }
  const memo: CreditMemo = {
    ...buildRefund(store, invoice, now),
    DocNumber: `CM${invoice.DocNumber}`,
    Balance: invoice.TotalAmt,
    RemainingCredit: invoice.TotalAmt,
  };
  store.create('CreditMemo', memo);
}

function deposit(store: QboStore, rng: Rng, currency: string): void {
  const amount = round2(intBetween(rng, 10_000, 500_000) / 100);
  const now = store.clock.now();
  const payout: Deposit = {
    Id: store.newId(),
    SyncToken: '0',
    domain: 'QBO',
    sparse: false,
    MetaData: { CreateTime: '', LastUpdatedTime: '' },
    TxnDate: qboDate(now),
    CurrencyRef: { value: currency, name: currency },
    PrivateNote: `Shopify payout ${intBetween(rng, 10_000, 99_999)}`,
    DepositToAccountRef: accounts.checking,
    TotalAmt: amount,
    Line: [
      {
        Amount: amount,
        DetailType: 'DepositLineDetail',
        DepositLineDetail: { AccountRef: accounts.clearing },
      },
    ],
  };
  store.create('Deposit', payout);
}

function editCustomer(store: QboStore, rng: Rng): void {
  const customers = store.list('Customer');
  if (customers.length === 0) return;
  const customer = pick(rng, customers);
  customer.PrimaryPhone = {
    FreeFormNumber: `(555) ${intBetween(rng, 100, 999)}-${intBetween(rng, 1000, 9999)}`,
  };
  store.update('Customer', customer);
}

function voidInvoice(store: QboStore, rng: Rng): void {
  const open = store.list('Invoice').filter((i) => i.Balance > 0);
  if (open.length === 0) return;
  const invoice = pick(rng, open);
  // A voided invoice stays, with zero amounts and "Voided" in its note.
  invoice.TotalAmt = 0;
  invoice.Balance = 0;
  invoice.PrivateNote = `Voided ${invoice.PrivateNote}`;
  for (const line of invoice.Line) line.Amount = 0;
  store.update('Invoice', invoice, 'Void');
}

function deleteInvoice(store: QboStore, rng: Rng): void {
  const unpaid = store.list('Invoice').filter((i) => i.LinkedTxn.length === 0);
  if (unpaid.length > 0) store.delete('Invoice', pick(rng, unpaid).Id);
}
