import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startShopifySandbox, type ShopifySandbox } from './index';
import { feeOf } from './payments';
import { at, gql } from './testing';

let sb: ShopifySandbox;
beforeAll(async () => {
  sb = await startShopifySandbox({ port: 0, orders: 20, customers: 20, products: 10, seed: 11 });
});
afterAll(async () => {
  await sb.close();
});

interface Money {
  amount: string;
}
interface Txn {
  id: string;
  type: string;
  amount: Money;
  fee: Money;
  net: Money;
  associatedOrder: { name: string } | null;
  associatedPayout: { id: string | null; status: string };
}
interface Payout {
  id: string;
  net: Money;
  status: string;
  summary: { chargesGross: Money; chargesFee: Money; refundsFeeGross: Money };
}

const cents = (m: Money) => Math.round(Number(m.amount) * 100);

const TXNS = `query($after: String, $query: String) { shopifyPaymentsAccount { balanceTransactions(first: 100, after: $after, query: $query) {
  nodes { id type amount { amount } fee { amount } net { amount } associatedOrder { name } associatedPayout { id status } }
  pageInfo { hasNextPage endCursor } } } }`;

async function transactions(query?: string): Promise<Txn[]> {
  const all: Txn[] = [];
  let after: string | null = null;
  for (;;) {
    const res = await gql(sb, TXNS, { after, query });
    expect(res.body.errors).toBeUndefined();
    const page = at<{ nodes: Txn[]; pageInfo: { hasNextPage: boolean; endCursor: string } }>(
      res.body.data,
      'shopifyPaymentsAccount.balanceTransactions',
    );
    all.push(...page.nodes);
    if (!page.pageInfo.hasNextPage) return all;
    after = page.pageInfo.endCursor;
  }
}

describe('Shopify sandbox: Shopify Payments', () => {
  it('charges the fee on a card sale, keeps it on a refund, and pays out nets to the cent', async () => {
    sb.traffic.step(300);
    sb.payments.adjust(-125, 'Billing debit');
    const pending = await transactions();
    const charges = pending.filter((t) => t.type === 'CHARGE');
    expect(charges.length).toBeGreaterThan(0);
    for (const t of charges) {
      expect(cents(t.fee)).toBe(feeOf(cents(t.amount), { feeBasisPoints: 290, feeFixedCents: 30 }));
      expect(cents(t.net)).toBe(cents(t.amount) - cents(t.fee));
      expect(t.associatedOrder?.name).toMatch(/^#\d+$/);
      expect(t.associatedPayout).toEqual({ id: null, status: 'PENDING' });
    }
    for (const t of pending.filter((x) => x.type === 'REFUND')) {
      expect(cents(t.amount)).toBeLessThan(0);
      expect(cents(t.fee)).toBe(0);
    }

    const issued = sb.payments.issuePayout();
    expect(issued).toBeDefined();
    const res = await gql(
      sb,
      `{ shopifyPaymentsAccount { balance { amount } payouts(first: 10, reverse: true) { nodes {
        id net { amount } status summary { chargesGross { amount } chargesFee { amount } refundsFeeGross { amount } } } } } }`,
    );
    expect(res.body.errors).toBeUndefined();
    const [payout] = at<Payout[]>(res.body.data, 'shopifyPaymentsAccount.payouts.nodes');
    expect(payout?.status).toBe('PAID');
    expect(at(res.body.data, 'shopifyPaymentsAccount.balance')).toEqual([{ amount: '0.00' }]);
    const numeric = payout?.id.split('/').pop();
    const members = await transactions(`payments_transfer_id:${numeric}`);
    const paid = members.filter((t) => t.type !== 'TRANSFER');
    expect(paid.length).toBe(pending.length);
    expect(paid.reduce((sum, t) => sum + cents(t.net), 0)).toBe(cents(payout!.net));
    const charged = paid.filter((t) => t.type === 'CHARGE');
    expect(cents(payout!.summary.chargesFee)).toBe(
      charged.reduce((sum, t) => sum + cents(t.fee), 0),
    );
    const transfer = members.find((t) => t.type === 'TRANSFER');
    expect(cents(transfer!.amount)).toBe(-cents(payout!.net));
    expect(members.every((t) => t.associatedPayout.id === payout?.id)).toBe(true);
  });

  it('pays nothing out while the balance is not positive', () => {
    sb.payments.issuePayout();
    sb.payments.adjust(-500, 'Billing debit');
    expect(sb.payments.issuePayout()).toBeUndefined();
  });
});
