import { chance, intBetween, pick, type Rng, weightedPick } from '../toolkit/random';
import { TrafficGenerator } from '../toolkit/traffic';
import { balanceOf, buildCustomer, buildInvoice, buildPayment, buildRefund } from './seed';
import type { CreditMemo, QboStore } from './store';

// Live bookkeeping of the wholesale side: invoices (sometimes for a new customer), their payments,
// refunds (receipt or credit memo), customer edits, and the odd voided or deleted invoice. Each
// goes through the store (SyncToken, LastUpdatedTime, webhook). Shopify's sales, refunds, fees
// and payouts are not invented here: the money-to-books flow writes them through the API.
type Action = [weight: number, run: (store: QboStore, rng: Rng, currency: string) => void];

const actions: Action[] = [
  [25, newInvoice],
  [20, payInvoice],
  [6, refund],
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
