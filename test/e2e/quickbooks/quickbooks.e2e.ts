// The QuickBooks path end to end: the sandbox over real HTTP, the connector talking to it only over
// HTTP (QBO_API_URL, QBO_TOKEN_URL), real Kafka in a fresh topic namespace, and the projector into
// a fresh PostgreSQL database. Every check compares the store with the sandbox's own books.
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLogger } from '../../../lib/logger';
import { roundMoney, sumMoney } from '../../../lib/money';
import { sourceTopic } from '../../../schema/events/topics';
import { KafkaCheckpoints } from '../../../streams/checkpoints/kafka-checkpoints';
import { KafkaStream } from '../../../streams/kafka';
import {
  FileTokenStore,
  loadQuickBooksConfig,
  startQuickBooksConnector,
  WEBHOOK_PATH,
  type QuickBooksConfig,
  type QuickBooksConnector,
} from '../../../connectors/quickbooks';
import { versionOf } from '../../../connectors/quickbooks/mapping';
import {
  intuitSignature,
  startQuickBooksSandbox,
  type QboSandbox,
} from '../../../sandbox/quickbooks';
import { refresh } from '../../../sandbox/quickbooks/testing';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { settleWebhooks } from '../../helpers/settle';
import { topicEndOffsets } from '../../helpers/kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

/** The sandbox's limit, scaled from Intuit's 500 per minute to a 5-second window. */
const SANDBOX_LIMIT = { requests: 110, windowSeconds: 5 };
/** The connector's budget under it. */
const BUDGET = { limit: 100, intervalMs: 5_000 };
const CDC_CAP = 40;

type Row = { Id: string; SyncToken: string; MetaData: { LastUpdatedTime: string } };
const v = (r: Row) => versionOf(r.MetaData.LastUpdatedTime, r.SyncToken);
const m = (n: number) => roundMoney(n);

interface Snapshot {
  customers: string[];
  invoices: string[];
  payments: string[];
  creditMemos: string[];
  fees: string[];
}

function sandboxSnapshot(sb: QboSandbox): Snapshot {
  const s = sb.store;
  const fee = (
    lines: {
      Amount: number;
      JournalEntryLineDetail?: { PostingType: string; AccountRef: { name?: string } };
    }[],
  ) =>
    sumMoney(
      lines
        .filter(
          (l) =>
            l.JournalEntryLineDetail?.PostingType === 'Debit' &&
            /fee/i.test(l.JournalEntryLineDetail.AccountRef.name ?? ''),
        )
        .map((l) => l.Amount),
    );
  return {
    customers: s
      .list('Customer')
      .map((c) => `${c.Id}|${m(c.Balance)}|${v(c)}`)
      .sort(),
    invoices: [
      ...s.list('Invoice').map((i) => `${i.Id}|${m(i.TotalAmt)}|${m(i.Balance)}|${v(i)}`),
      ...s.list('SalesReceipt').map((r) => `SalesReceipt:${r.Id}|${m(r.TotalAmt)}|0.00|${v(r)}`),
    ].sort(),
    payments: s
      .list('Payment')
      .map(
        (p) =>
          `${p.Id}|${m(p.TotalAmt)}|${p.Line.flatMap((l) => l.LinkedTxn.map((t) => t.TxnId)).join(',')}|${v(p)}`,
      )
      .sort(),
    creditMemos: [
      ...s.list('CreditMemo').map((c) => `${c.Id}|${m(c.TotalAmt)}|${v(c)}`),
      ...s.list('RefundReceipt').map((r) => `RefundReceipt:${r.Id}|${m(r.TotalAmt)}|${v(r)}`),
    ].sort(),
    fees: s
      .list('JournalEntry')
      .map((j) => `${j.Id}|${fee(j.Line)}|${v(j)}`)
      .sort(),
  };
}

async function storeSnapshot(env: KafkaProjection): Promise<Snapshot> {
  const sql = env.db.orm.em.getConnection();
  const lines = async (query: string) =>
    (await sql.execute<Array<{ line: string }>>(query)).map((r) => r.line).sort();
  return {
    customers: await lines(
      `select source_id || '|' || balance::text || '|' || version::text as line from accounting_customer`,
    ),
    invoices: await lines(
      `select source_id || '|' || total::text || '|' || balance::text || '|' || version::text as line from invoice`,
    ),
    payments: await lines(
      `select source_id || '|' || amount::text || '|' ||
              coalesce((select string_agg(x, ',') from jsonb_array_elements_text(invoice_source_ids::jsonb) x), '')
              || '|' || version::text as line from payment`,
    ),
    creditMemos: await lines(
      `select source_id || '|' || amount::text || '|' || version::text as line from credit_memo`,
    ),
    fees: await lines(
      `select source_id || '|' || amount::text || '|' || version::text as line from fee`,
    ),
  };
}

const total = (lines: string[], column = 1) =>
  sumMoney(lines.map((l) => l.split('|')[column] ?? ''));

/** Counts and totals first (a readable failure), then every line. */
async function expectStoreEqualsSandbox(env: KafkaProjection, sb: QboSandbox): Promise<void> {
  const want = sandboxSnapshot(sb);
  const got = await storeSnapshot(env);
  const summary = (s: Snapshot) => ({
    customers: s.customers.length,
    balances: total(s.customers),
    invoices: s.invoices.length,
    invoiced: total(s.invoices),
    payments: s.payments.length,
    paid: total(s.payments),
    creditMemos: s.creditMemos.length,
    credited: total(s.creditMemos),
    fees: s.fees.length,
    feeTotal: total(s.fees),
  });
  expect(summary(got)).toEqual(summary(want));
  expect(got).toEqual(want);
}

async function messagesOn(topic: string): Promise<bigint> {
  const ends = await topicEndOffsets(topic);
  return [...ends.values()].reduce((sum, n) => sum + n, 0n);
}

function kafkaOf(stream: unknown): KafkaStream {
  if (!(stream instanceof KafkaStream)) throw new Error('the e2e projection runs on Kafka');
  return stream;
}

describeWithKafkaAndPostgres(
  'QuickBooks sandbox → connector → Kafka → projector → PostgreSQL',
  () => {
    let env: KafkaProjection;
    let sb: QboSandbox;
    let connector: QuickBooksConnector;
    let config: QuickBooksConfig;
    let tokenFile: string;
    let skewMs = 0;
    const initialRefreshToken = 'AB11-e2e-initial-refresh-token';
    const logger = createLogger('quickbooks-e2e', process.env.LOG_LEVEL ?? 'warn');

    // Each start reads the namespace's checkpoint topic afresh, as a restarted process does.
    const start = () =>
      startQuickBooksConnector({
        config,
        stream: env.stream,
        namespace: env.namespace,
        logger,
        checkpoints: new KafkaCheckpoints(kafkaOf(env.stream), env.namespace, logger).forSource(
          'accounting',
        ),
        tokens: new FileTokenStore(tokenFile),
        budget: BUDGET,
        cdc: { overlapMs: 1_000, maxObjects: CDC_CAP },
      });

    async function settle(): Promise<void> {
      await settleWebhooks({
        batchWindowMs: 250, // the sandbox's batch window
        deliveries: sb.deliveries,
        queue: () => connector.stats().queue,
        namespace: env.namespace,
      });
    }

    beforeAll(async () => {
      env = await startKafkaProjection();
      sb = await startQuickBooksSandbox({
        port: 0,
        customers: 150,
        items: 30,
        invoices: 800,
        refreshToken: initialRefreshToken,
        rateLimit: SANDBOX_LIMIT,
        cdcMaxObjects: CDC_CAP,
        webhookBatchMs: 100,
        webhooks: { backoffMs: 50, maxAttempts: 3 },
        clock: () => Date.now() + skewMs,
      });
      const dir = await mkdtemp(join(tmpdir(), 'plexus-qbo-e2e-'));
      tokenFile = join(dir, 'quickbooks-token.json');
      config = loadQuickBooksConfig({
        QBO_API_URL: sb.url,
        QBO_TOKEN_URL: sb.tokenUrl,
        QBO_REALM_ID: sb.realmId,
        QBO_CLIENT_ID: sb.clientId,
        QBO_CLIENT_SECRET: sb.clientSecret,
        QBO_REFRESH_TOKEN: initialRefreshToken,
        QBO_WEBHOOK_VERIFIER_TOKEN: sb.verifierToken,
        QBO_TOKEN_FILE: tokenFile,
        INGRESS_PORT: '0',
      });
      connector = await start();
    });

    afterAll(async () => {
      await connector?.stop();
      await sb?.close();
      await env?.close();
    });

    it('backfills the books by query, complete and exact', async () => {
      const result = await connector.backfill();
      // 800 invoices with their payments and credit memos, 150 customers, 30 items: the sandbox no
      // longer invents the shop's sales (the money-to-books flow writes those).
      expect(result.records).toBeGreaterThan(1_500);
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 60_000 });
      await expectStoreEqualsSandbox(env, sb);
      expect(connector.stats().http.rateLimited).toBe(0);
    }, 60_000);

    it('applies live traffic through signed webhooks exactly as the sandbox has it', async () => {
      sb.webhooks.subscribe(`${connector.ingress.url}${WEBHOOK_PATH}`);
      sb.deliveries.set({ duplicateRate: 0.3, maxDelayMs: 200 });
      const before = sb.traffic.count;
      const processed = connector.stats().queue.processed;
      sb.traffic.setRate(25);
      sb.traffic.start();
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      sb.traffic.stop();
      await settle();
      expect(sb.traffic.count - before).toBeGreaterThan(40);
      expect(sb.deliveries.stats.duplicated).toBeGreaterThan(0);
      expect(connector.stats().queue.processed).toBeGreaterThan(processed);
      await expectStoreEqualsSandbox(env, sb);
    }, 60_000);

    it('applies live traffic sent in the CloudEvents format just the same', async () => {
      const url = `${connector.ingress.url}${WEBHOOK_PATH}`;
      expect(sb.webhooks.unsubscribe(url)).toBe(true);
      sb.webhooks.subscribe(url, { format: 'cloudevents' });
      try {
        const before = sb.traffic.count;
        const processed = connector.stats().queue.processed;
        sb.traffic.setRate(25);
        sb.traffic.start();
        await new Promise((resolve) => setTimeout(resolve, 2_000));
        sb.traffic.stop();
        await settle();
        expect(sb.traffic.count - before).toBeGreaterThan(20);
        expect(connector.stats().queue.processed).toBeGreaterThan(processed);
        await expectStoreEqualsSandbox(env, sb);
      } finally {
        // The tests after this one expect the legacy format.
        sb.webhooks.unsubscribe(url);
        sb.webhooks.subscribe(url);
      }
    }, 60_000);

    it('rejects a forged webhook with 401 and changes nothing', async () => {
      const invoice = sb.store.list('Invoice').at(-1);
      if (!invoice) throw new Error('no invoice');
      const topic = sourceTopic('accounting', 'invoice', env.namespace);
      const published = await messagesOn(topic);
      const enqueued = connector.stats().queue.enqueued;
      const body = JSON.stringify({
        eventNotifications: [
          {
            realmId: sb.realmId,
            dataChangeEvent: {
              entities: [
                {
                  name: 'Invoice',
                  id: invoice.Id,
                  operation: 'Delete',
                  lastUpdated: new Date().toISOString(),
                },
              ],
            },
          },
        ],
      });
      const forged = await fetch(`${connector.ingress.url}${WEBHOOK_PATH}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'intuit-signature': intuitSignature(body, 'not-the-verifier'),
        },
        body,
      });
      expect(forged.status).toBe(401);
      await new Promise((resolve) => setTimeout(resolve, 500));
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
      expect(connector.stats().queue.enqueued).toBe(enqueued);
      expect(await messagesOn(topic)).toBe(published);
      await expectStoreEqualsSandbox(env, sb);
    });

    it('stays under the request limit under load, retries 429s, and loses nothing', async () => {
      const http = connector.stats().http;
      const requests = http.requests;
      const limited = http.rateLimited;
      const injected = sb.knobs.injected.error429;
      sb.knobs.set({ error429Rate: 0.05, retryAfterSeconds: 0.2 });
      sb.traffic.setRate(10);
      sb.traffic.start();
      const started = Date.now();
      // A re-read of everything in small pages: far more requests than one window allows.
      await connector.backfill({ restart: true, pageSize: 20 });
      const seconds = (Date.now() - started) / 1000;
      sb.traffic.stop();
      sb.knobs.set({ error429Rate: 0 });
      await settle();
      await connector.reconcile();
      await settle();
      const made = connector.stats().http.requests - requests;
      const all429 = connector.stats().http.rateLimited - limited;
      const injected429 = sb.knobs.injected.error429 - injected;
      console.warn(
        `[quickbooks e2e] ${made} requests in ${seconds.toFixed(1)} s = ${(made / seconds).toFixed(1)}/s ` +
          `(sandbox: ${SANDBOX_LIMIT.requests} per ${SANDBOX_LIMIT.windowSeconds} s; budget: ${BUDGET.limit} ` +
          `per ${BUDGET.intervalMs / 1000} s, a burst then ${BUDGET.limit / (BUDGET.intervalMs / 1000)}/s); 429s: ${all429} (${injected429} injected, ` +
          `${all429 - injected429} from the limit)`,
      );
      expect(made).toBeGreaterThan(SANDBOX_LIMIT.requests * 1.5);
      expect(injected429).toBeGreaterThan(0);
      expect(all429 - injected429).toBe(0);
      await expectStoreEqualsSandbox(env, sb);
    }, 90_000);

    it('repairs a missed notification with the next CDC poll, deletes included', async () => {
      sb.deliveries.set({ duplicateRate: 0, maxDelayMs: 0, dropRate: 1 });
      const dropped = sb.deliveries.stats.dropped;
      const victim = sb.store.list('Invoice').find((i) => i.LinkedTxn.length === 0);
      if (!victim) throw new Error('no unpaid invoice');
      sb.store.delete('Invoice', victim.Id);
      sb.traffic.step(60);
      await settle();
      expect(sb.deliveries.stats.dropped).toBeGreaterThan(dropped);
      const stale = await storeSnapshot(env);
      expect(stale.invoices.some((l) => l.startsWith(`${victim.Id}|`))).toBe(true);
      const result = await connector.reconcile();
      // 60+ changes against a cap of 40: at least one full answer walked past.
      expect(result.capped).toBeGreaterThan(0);
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
      await expectStoreEqualsSandbox(env, sb);
    }, 60_000);

    it('survives a restart after a forced refresh-token rotation', async () => {
      const beforeForce = JSON.parse(await readFile(tokenFile, 'utf8')) as { refreshToken: string };
      expect(beforeForce.refreshToken).toBe(sb.refreshTokens.newest);
      // An hour passes at Intuit: the access token is refused, the connector renews on the 401.
      skewMs = 3_601_000;
      const refreshes = connector.stats().tokens.refreshes;
      sb.traffic.step(10);
      await connector.reconcile();
      expect(connector.stats().tokens.refreshes).toBe(refreshes + 1);
      const afterForce = JSON.parse(await readFile(tokenFile, 'utf8')) as { refreshToken: string };
      expect(afterForce.refreshToken).not.toBe(beforeForce.refreshToken);
      expect(afterForce.refreshToken).toBe(sb.refreshTokens.newest);
      await connector.stop();

      // A new process: same configuration (its refresh token long dead), same token file.
      expect(await refresh(sb, initialRefreshToken)).toEqual({
        status: 400,
        body: { error: 'invalid_grant' },
      });
      connector = await start();
      sb.traffic.step(20);
      const result = await connector.reconcile();
      expect(result.records).toBeGreaterThan(0);
      expect(connector.stats().tokens.refreshes).toBe(1);
      // Its refresh used the token from the file, so the one before it is dead now.
      expect((await refresh(sb, beforeForce.refreshToken)).status).toBe(400);
      await waitForCatchUp(env.namespace, groupIdOf(env.namespace));
      await expectStoreEqualsSandbox(env, sb);
    }, 60_000);
  },
);
