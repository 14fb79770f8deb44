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
import { sumMoney } from '../../../lib/money';
import { createLogger } from '../../../lib/logger';
import { startQuickBooksSandbox, type QboSandbox } from '../../../sandbox/quickbooks';
import type { ShopifySandbox } from '../../../sandbox/shopify';
import { money, type Order } from '../../../sandbox/shopify/store';
import { sandboxConfig } from '../../doubles/quickbooks';
import { startFlowScenario, type FlowScenario } from '../../helpers/flow-scenario';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { waitFor } from '../../helpers/kafka';
import { groupIdOf, waitForCatchUp, type KafkaProjection } from '../../helpers/projection';

const logger = createLogger('flows-money-e2e', process.env.LOG_LEVEL ?? 'warn');
const PAID = new Set(['PAID', 'PARTIALLY_REFUNDED', 'REFUNDED']);

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
      { timeoutMs: 120_000, intervalMs: 250 },
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

  it('deposits every payout at its net, and the fees add up to the balance transactions’ fees', async () => {
    for (let day = 0; day < 3; day += 1) {
      shop.traffic.step(30);
      shop.payments.issuePayout();
    }
    const payouts = [...shop.payments.payouts.values()];
    expect(payouts.length).toBeGreaterThan(0);
    const depositOf = (id: number) =>
      books.store.list('Deposit').filter((d) => d.PrivateNote === `Shopify payout ${id}`);
    await waitFor(() => payouts.every((p) => depositOf(p.id).length === 1), {
      timeoutMs: 120_000,
      intervalMs: 250,
    });
    let feeLines: number[] = [];
    let fees = 0;
    for (const p of payouts) {
      const [deposit] = depositOf(p.id);
      expect(deposit?.TotalAmt).toBe(Number(money(p.net)));
      expect(sumMoney(deposit!.Line.map((l) => l.Amount))).toBe(money(p.net));
      feeLines = feeLines.concat(
        deposit!.Line.filter((l) => l.DepositLineDetail?.AccountRef.value === '90').map(
          (l) => l.Amount,
        ),
      );
      fees += shop.payments.transactionsOf(p).reduce((sum, t) => sum + t.fee, 0);
    }
    expect(sumMoney(feeLines)).toBe(money(-fees));
    // Payouts are polled again and again: still one deposit each.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    expect(
      books.store.list('Deposit').filter((d) => d.PrivateNote.startsWith('Shopify payout')),
    ).toHaveLength(payouts.length);
    await booksInLine();
  }, 240_000);
});
