import { stockSettings } from '../../../flows/stock-to-channels/settings';
// money → books end to end: Shopify sandbox → Shopify connector → Kafka → projector → PostgreSQL
// → money-to-books flow (on Kafka) → QuickBooks sandbox, with the QuickBooks connector feeding
// identity resolution. Every check reads the QuickBooks sandbox's own books.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { MemoryCheckpointStore } from '../../../connectors/shopify';
import { createShopifyClient } from '../../../connectors/shopify/client';
import { createShopifyPaymentsReader } from '../../../connectors/shopify/payments';
import { startQuickBooksConnector, type QuickBooksConnector } from '../../../connectors/quickbooks';
import { TokenManager } from '../../../connectors/quickbooks/oauth';
import { MemoryTokenStore } from '../../../connectors/quickbooks/token-store';
import { createQboWriter } from '../../../connectors/quickbooks/writes';
import { startFlows, type Flow, type Ledger, type RunningFlows } from '../../../flows';
import { createMoneyToBooksFlow } from '../../../flows/money-to-books';
import { requestIdOf } from '../../../flows/money-to-books/decide';
import { defaultMoneyToBooksSettings } from '../../../flows/money-to-books/settings';
import { sumMoney } from '../../../lib/money';
import { createLogger } from '../../../lib/logger';
import { startQuickBooksSandbox, type QboSandbox } from '../../../sandbox/quickbooks';
import type { Deposit } from '../../../sandbox/quickbooks/model';
import type { ShopifySandbox } from '../../../sandbox/shopify';
import { money, type Order } from '../../../sandbox/shopify/store';
import { sandboxConfig } from '../../doubles/quickbooks';
import { startFlowScenario, type FlowScenario } from '../../helpers/flow-scenario';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { waitFor } from '../../helpers/kafka';
import { groupIdOf, waitForCatchUp, type KafkaProjection } from '../../helpers/projection';

const logger = createLogger('flows-money-e2e', process.env.LOG_LEVEL ?? 'warn');
const PAID = new Set(['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);
// The day of demo traffic: the sandbox's changes an hour, and a payout every few hours.
const HOURS_IN_A_DAY = 24;
const CHANGES_AN_HOUR = 15;
const PAYOUT_EVERY_HOURS = 4;
const FEES_ACCOUNT = defaultMoneyToBooksSettings.accounts.fees.value;

describeWithKafkaAndPostgres('money → books: Shopify → Kafka → store → flow → QuickBooks', () => {
  let scenario: FlowScenario;
  let env: KafkaProjection;
  let shop: ShopifySandbox;
  let books: QboSandbox;
  let quickbooks: QuickBooksConnector;
  let flows: RunningFlows;
  let moneyFlow: Flow;
  let ledger: Ledger;
  const writer = () => {
    const config = sandboxConfig(books);
    return createQboWriter({
      config,
      tokens: new TokenManager({ config, store: new MemoryTokenStore(), logger }),
      logger,
      budget: { limit: 10_000, intervalMs: 1_000 },
      calls: { backoffMs: 50, maxBackoffMs: 500 },
    });
  };

  beforeAll(async () => {
    scenario = await startFlowScenario({
      logger,
      backfill: 'paged',
      shop: {
        orders: 0,
        customers: 20,
        products: 8,
        // At least once, duplicated and out of order, as Shopify delivers.
        webhooks: { duplicateRate: 0.3, maxDelayMs: 200 },
      },
    });
    ({ env, shop, ledger } = scenario);
    const customers = [...shop.store.customers.values()];
    books = await startQuickBooksSandbox({
      port: 0,
      customers: 3,
      items: 2,
      invoices: 5,
      rateLimit: { requests: 100_000, windowSeconds: 60 },
      // Half the shop's customers already have an account in the books.
      people: customers
        .slice(0, 10)
        .flatMap((c) =>
          c.email
            ? [{ email: c.email, firstName: c.firstName ?? 'A', lastName: c.lastName ?? 'B' }]
            : [],
        ),
      catalog: [...shop.store.variants.values()].map((v) => ({
        sku: v.sku,
        name: v.title,
        price: Number(v.price),
      })),
    });
    quickbooks = await startQuickBooksConnector({
      config: sandboxConfig(books),
      stream: env.stream,
      namespace: env.namespace,
      logger,
      checkpoints: new MemoryCheckpointStore(),
      tokens: new MemoryTokenStore(),
      budget: { limit: 10_000, intervalMs: 1_000 },
    });
    await quickbooks.backfill();
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
    const accounting = writer();
    const payments = createShopifyPaymentsReader(
      createShopifyClient({ config: scenario.shopConfig, logger }),
    );
    moneyFlow = createMoneyToBooksFlow({
      qbo: accounting,
      payments,
      settings: { payoutPollMs: 300 },
    });
    flows = await startFlows({
      stream: env.stream,
      orm: env.db.orm,
      namespace: env.namespace,
      logger,
      clients: { accounting, payments },
      flows: [moneyFlow],
      settings: {
        enabled: ['money-to-books'],
        moneyToBooks: { payoutPollMs: 300 },
        stock: stockSettings({
          FLOWS_STOCK_SAFETY_STOCK: 0,
          FLOWS_LOCATION_MAP: undefined,
          FLOWS_STOCK_ERP_RESERVES: false,
        }),
      },
    });
  }, 180_000);

  afterAll(async () => {
    await flows?.stop();
    await quickbooks?.stop();
    await books?.close();
    await scenario?.close();
  });

  /** Paid orders whose every SKU the books sell (the shop's traffic adds products they do not). */
  const paidOrders = () =>
    [...shop.store.orders.values()].filter((o) => PAID.has(o.financialStatus) && bookable(o));
  const bookable = (o: Order) => {
    const skus = new Set(books.store.list('Item').map((i) => i.Sku));
    return o.lineItems.every((l) => l.sku !== null && skus.has(l.sku));
  };
  // Webhooks delivered, the projector and the flow's group caught up, no key left to run: a key
  // the last change calls for is in the ledger by then, parked or done.
  const settled = () => scenario.flowIdle(moneyFlow);
  const receiptsOf = (o: Order) =>
    books.store.list('SalesReceipt').filter((r) => r.DocNumber === o.name);
  const refundsOf = (o: Order) =>
    books.store.list('RefundReceipt').filter((r) => r.DocNumber.startsWith(`${o.name}-R`));

  /** Every paid order has its receipt and every refund its refund receipt, once each. */
  async function booksInLine(): Promise<void> {
    await waitFor(
      () =>
        paidOrders().every(
          (o) => receiptsOf(o).length >= 1 && refundsOf(o).length >= o.refunds.length,
        ),
      { timeoutMs: 300_000, intervalMs: 250 },
    );
    await settled();
    const unbookable = [...shop.store.orders.values()].filter(
      (o) => PAID.has(o.financialStatus) && !bookable(o),
    );
    for (const o of unbookable) {
      // Parked with the reason, in the ledger, and nothing in the books.
      expect(receiptsOf(o)).toEqual([]);
      expect(refundsOf(o)).toEqual([]);
    }
    const parked = await ledger.list({ flow: 'money-to-books', states: ['parked'] }, 1_000);
    expect(parked.filter((r) => r.key.startsWith('order:')).length).toBe(unbookable.length);
    expect(parked.every((r) => /SKU|waits/.test(r.lastError ?? ''))).toBe(true);
    for (const o of paidOrders()) {
      const receipts = receiptsOf(o);
      expect(receipts.map((r) => [r.DocNumber, r.TotalAmt])).toEqual([[o.name, Number(o.total)]]);
      expect(
        refundsOf(o)
          .map((r) => r.TotalAmt)
          .sort(),
      ).toEqual(o.refunds.map((r) => Number(r.amount)).sort());
    }
  }

  it('books each paid order once as a sales receipt, under the buyer the books already know', async () => {
    shop.traffic.step(60);
    await booksInLine();
    const known = new Map(
      books.store
        .list('Customer')
        .flatMap((c) => (c.PrimaryEmailAddr ? [[c.PrimaryEmailAddr.Address, c.Id]] : [])),
    );
    let viaIdentity = 0;
    for (const o of paidOrders()) {
      const [receipt] = receiptsOf(o);
      const buyer = o.customerId === null ? undefined : shop.store.customers.get(o.customerId);
      const existing = buyer?.email ? known.get(buyer.email) : undefined;
      expect(receipt?.CustomerRef?.value).toBeDefined();
      if (existing && receipt?.CustomerRef?.value === existing) viaIdentity += 1;
    }
    expect(viaIdentity).toBeGreaterThan(0);
    const names = books.store.list('Customer').map((c) => c.DisplayName);
    expect(new Set(names).size).toBe(names.length);
  }, 180_000);

  it('stays one receipt under replays: re-queued keys, a lost ledger row, a repeated requestid', async () => {
    await settled();
    const before = books.store.list('SalesReceipt').length;
    const keys = (await ledger.list({ flow: 'money-to-books' }, 1_000)).map((r) => r.key);
    // Replayed events: every key asked for again.
    await ledger.markPending('money-to-books', keys);
    // A crash between QuickBooks' answer and the ledger's commit: the ledger forgets one.
    const victim = paidOrders()[0]!;
    const run = (await ledger.list({ flow: 'money-to-books' }, 1_000)).find(
      (r) =>
        r.targetId?.startsWith('SalesReceipt:') &&
        r.targetId === `SalesReceipt:${receiptsOf(victim)[0]?.Id}`,
    );
    expect(run).toBeDefined();
    await env.db.orm.em
      .fork()
      .getConnection()
      .execute(`delete from flow_run where flow = 'money-to-books' and key = ?`, [run!.key]);
    await ledger.markPending('money-to-books', [run!.key]);
    flows.kick();
    await settled();
    expect(books.store.list('SalesReceipt').length).toBe(before);
    // A retried create with the flow's requestid gets the original answer, not a second receipt.
    const healed = await ledger.get('money-to-books', run!.key);
    expect(healed?.state).toBe('done');
    const original = receiptsOf(victim)[0]!;
    const replay = await writer().create(
      'SalesReceipt',
      { Line: [] },
      requestIdOf(run!.key, healed!.sourceVersion!),
    );
    expect(replay.Id).toBe(original.Id);
    expect(books.store.list('SalesReceipt').length).toBe(before);
    await booksInLine();
  }, 180_000);

  it('after a day of demo traffic, every payout is deposited at its net and the fees add up to the balance transactions’ fees', async () => {
    // A shop's day, compressed: the demo's own traffic generator (orders, refunds, cancellations,
    // balance adjustments, ...) an hour at a time, and a payout every few hours, as a shop on a
    // shorter schedule than Shopify's daily one gets. A window whose balance is not positive pays
    // nothing out and carries its transactions into the next payout, as Shopify does.
    const before = shop.payments.payouts.size;
    for (let hour = 1; hour <= HOURS_IN_A_DAY; hour += 1) {
      shop.traffic.step(CHANGES_AN_HOUR);
      if (hour % PAYOUT_EVERY_HOURS === 0) shop.payments.issuePayout();
      // An hour's webhooks are out before the next hour's changes, as a day spreads them, rather
      // than a day's in one burst (which left this loaded process's Kafka consumers evicted).
      await shop.deliveries.idle();
    }
    const payouts = [...shop.payments.payouts.values()];
    const counts = { orders: 0, refunds: 0, adjustments: 0 };
    for (const p of payouts)
      for (const t of shop.payments.transactionsOf(p)) {
        if (t.type === 'CHARGE') counts.orders += 1;
        if (t.type === 'REFUND') counts.refunds += 1;
        if (t.type === 'ADJUSTMENT') counts.adjustments += 1;
      }
    // The day is a day's worth: several payouts, many sales, refunds among them.
    expect(payouts.length - before).toBeGreaterThanOrEqual(3);
    expect(counts.orders).toBeGreaterThanOrEqual(20);
    expect(counts.refunds).toBeGreaterThanOrEqual(3);
    logger.info({ payouts: payouts.length, ...counts }, 'a day of demo traffic paid out');
    // Every balance transaction was paid out, unless what is left comes to nothing positive.
    const unpaid = [...shop.payments.transactions.values()].filter((t) => t.payoutId === null);
    expect(unpaid.length === 0 || shop.payments.balance() <= 0).toBe(true);

    const depositsOf = (id: number) =>
      books.store.list('Deposit').filter((d) => d.PrivateNote === `Shopify payout ${id}`);
    await waitFor(() => payouts.every((p) => depositsOf(p.id).length === 1), {
      timeoutMs: 300_000,
      intervalMs: 250,
    });
    const feeLinesOf = (deposit: Deposit) =>
      deposit.Line.filter((l) => l.DepositLineDetail?.AccountRef.value === FEES_ACCOUNT).map(
        (l) => l.Amount,
      );
    let allFeeLines: number[] = [];
    let allFees = 0;
    for (const p of payouts) {
      const [deposit] = depositsOf(p.id);
      // To the cent: the deposit's total and its lines both come to the payout's net.
      expect(deposit?.TotalAmt).toBe(Number(money(p.net)));
      expect(sumMoney(deposit!.Line.map((l) => l.Amount))).toBe(money(p.net));
      const fees = shop.payments.transactionsOf(p).reduce((sum, t) => sum + t.fee, 0);
      expect(sumMoney(feeLinesOf(deposit!))).toBe(money(-fees));
      allFeeLines = allFeeLines.concat(feeLinesOf(deposit!));
      allFees += fees;
    }
    // The books' fees for the day equal the fees on every balance transaction paid out.
    const paidOut = [...shop.payments.transactions.values()].filter((t) => t.payoutId !== null);
    expect(allFees).toBe(paidOut.reduce((sum, t) => sum + t.fee, 0));
    expect(sumMoney(allFeeLines)).toBe(money(-allFees));
    // Payouts are polled again and again: still one deposit each.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      books.store.list('Deposit').filter((d) => d.PrivateNote.startsWith('Shopify payout')),
    ).toHaveLength(payouts.length);
    await booksInLine();
  }, 600_000);
});
