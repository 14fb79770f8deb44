// Connectors against vendors gone wrong: each vendor's sandbox behind a misbehaving server (an
// HTML page or cut-off JSON with a 200, 500s, a 429 storm, no answer at all, refused
// connections). Each connector runs under its supervisor, as `plexus start` runs it; the vendor
// misbehaves until the connector has given up and started again at least once, then behaves.
// Asserted: the connector ends up having published every record a clean run publishes, it is
// running, and it logged each state change once, with the vendor's answer. Never how long it took.
import { afterEach, describe, expect, it } from 'vitest';
import { follow, type RunningConnector } from '../../../cli/connectors';
import { startHealthServer } from '../../../cli/health-server';
import { startBusinessCentralConnector } from '../../../connectors/businesscentral';
import { sandboxConfig as bcConfig } from '../../doubles/businesscentral';
import { MemoryCheckpointStore } from '../../../connectors/common/checkpoint';
import { ConnectorHealth } from '../../../connectors/common/health';
import type { CallPolicy } from '../../../connectors/common/retry';
import { supervise } from '../../../connectors/common/supervisor';
import { captureLogger, captureStream, quietLogger, type LogEntry } from '../../doubles/testkit';
import { startHubSpotConnector } from '../../../connectors/hubspot';
import { sandboxConfig as hubspotConfig } from '../../doubles/hubspot';
import { startQuickBooksConnector } from '../../../connectors/quickbooks';
import { sandboxConfig as qboConfig } from '../../doubles/quickbooks';
import { MemoryTokenStore } from '../../../connectors/quickbooks/token-store';
import { loadShopifyConfig, startShopifyConnector } from '../../../connectors/shopify';
import type { Logger } from '../../../lib/logger';
import { startBusinessCentralSandbox } from '../../../sandbox/businesscentral';
import { startHubSpotSandbox } from '../../../sandbox/hubspot';
import { startQuickBooksSandbox } from '../../../sandbox/quickbooks';
import { startShopifySandbox } from '../../../sandbox/shopify';
import { waitFor } from '../../helpers/kafka';
import { startMisbehavingVendor, type VendorMode } from '../../helpers/misbehaving-vendor';

const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

type Stream = ReturnType<typeof captureStream>;

interface ConnectOptions {
  apiUrl: string;
  stream: Stream;
  logger: Logger;
  health?: ConnectorHealth;
  calls: CallPolicy;
}

interface Vendor {
  name: string;
  /** The sandbox's own URL: the healthy vendor. */
  upstream: string;
  connect(options: ConnectOptions): Promise<RunningConnector>;
}

const SHOPIFY_SECRET = 'resilience-secret';

async function shopify(): Promise<Vendor> {
  const sb = await startShopifySandbox({
    port: 0,
    customers: 25,
    products: 8,
    orders: 30,
    webhookSecret: SHOPIFY_SECRET,
    restoreRate: 1_000,
  });
  cleanup.push(sb.close);
  return {
    name: 'shopify',
    upstream: sb.url,
    connect: (o) =>
      startShopifyConnector({
        config: loadShopifyConfig({
          SHOPIFY_SHOP: sb.shopDomain,
          SHOPIFY_ACCESS_TOKEN: sb.accessToken,
          SHOPIFY_WEBHOOK_SECRET: SHOPIFY_SECRET,
          SHOPIFY_API_VERSION: sb.apiVersion,
          SHOPIFY_API_URL: o.apiUrl,
          INGRESS_PORT: '0',
        }),
        stream: o.stream,
        namespace: 'test',
        logger: o.logger,
        checkpoints: new MemoryCheckpointStore(),
        reconcile: { intervalMs: 3_600_000 },
        calls: o.calls,
        ...(o.health ? { health: o.health } : {}),
      }),
  };
}

async function businessCentral(): Promise<Vendor> {
  const sb = await startBusinessCentralSandbox({
    port: 0,
    customers: 20,
    items: 10,
    locations: 2,
    salesOrders: 25,
  });
  cleanup.push(sb.close);
  return {
    name: 'erp',
    upstream: sb.url,
    connect: (o) =>
      startBusinessCentralConnector({
        // The API through the misbehaving server; Entra's token endpoint stays direct.
        config: bcConfig(sb, {
          BC_API_URL: o.apiUrl,
          BC_PAGE_SIZE: '10',
          BC_POLL_INTERVAL_SECONDS: '3600',
        }),
        stream: o.stream,
        namespace: 'test',
        logger: o.logger,
        checkpoints: new MemoryCheckpointStore(),
        calls: o.calls,
        ...(o.health ? { health: o.health } : {}),
      }),
  };
}

async function hubspot(): Promise<Vendor> {
  const sb = await startHubSpotSandbox({ port: 0, contacts: 30, companies: 5, deals: 10 });
  cleanup.push(sb.close);
  return {
    name: 'crm',
    upstream: sb.url,
    connect: (o) =>
      startHubSpotConnector({
        config: hubspotConfig(sb, { apiUrl: o.apiUrl }),
        stream: o.stream,
        namespace: 'test',
        logger: o.logger,
        checkpoints: new MemoryCheckpointStore(),
        poll: { intervalMs: 3_600_000 },
        calls: o.calls,
        ...(o.health ? { health: o.health } : {}),
      }),
  };
}

async function quickbooks(): Promise<Vendor> {
  const sb = await startQuickBooksSandbox({ port: 0, customers: 20, items: 5, invoices: 30 });
  cleanup.push(sb.close);
  return {
    name: 'accounting',
    upstream: sb.url,
    connect: (o) =>
      startQuickBooksConnector({
        config: { ...qboConfig(sb), apiUrl: o.apiUrl },
        stream: o.stream,
        namespace: 'test',
        logger: o.logger,
        checkpoints: new MemoryCheckpointStore(),
        tokens: new MemoryTokenStore(),
        budget: { limit: 10_000, intervalMs: 1_000 },
        cdc: { intervalMs: 3_600_000 },
        calls: o.calls,
        ...(o.health ? { health: o.health } : {}),
      }),
  };
}

/** Every record a run published, once each (a rerun publishes some twice). */
const published = (stream: Stream) =>
  [...new Set(stream.captured.events().map((e) => `${e.topic} ${e.op} ${e.sourceId}`))].sort();

/** What a clean run against the healthy vendor publishes: the oracle. */
async function cleanRun(vendor: Vendor): Promise<string[]> {
  const stream = captureStream();
  const connector = await vendor.connect({
    apiUrl: vendor.upstream,
    stream,
    logger: quietLogger(),
    calls: {},
  });
  try {
    await connector.backfill();
  } finally {
    await connector.stop();
  }
  return published(stream);
}

const STATE_MESSAGES: Record<string, string> = {
  'connector backing off after a failed vendor call': 'backing_off',
  'connector failing; it keeps retrying with backoff': 'failing',
  'connector recovered: the vendor answers again': 'running',
};
const transitions = (entries: LogEntry[]) =>
  entries.flatMap((e) => (STATE_MESSAGES[e.msg] ? [STATE_MESSAGES[e.msg]] : []));
const failureLines = (entries: LogEntry[]) =>
  entries.filter((e) => STATE_MESSAGES[e.msg] && STATE_MESSAGES[e.msg] !== 'running');

/** Short waits and few retries per call, so that the supervisor's reruns are reached quickly. */
const FAST: CallPolicy = { retries: 1, backoffMs: 1, maxBackoffMs: 5, timeoutMs: 10_000 };

async function supervised(
  vendor: Vendor,
  apiUrl: string,
  calls: CallPolicy = FAST,
  publish = false,
) {
  const logger = captureLogger();
  const health = new ConnectorHealth({ connector: vendor.name, logger, failingAfter: 3, publish });
  const stream = captureStream();
  const connector = await vendor.connect({ apiUrl, stream, logger, health, calls });
  const supervisor = supervise({
    health,
    logger,
    run: () => follow(connector),
    backoff: { initialMs: 5, maxMs: 20 },
  });
  cleanup.push(async () => {
    await supervisor.stop();
    await connector.stop();
  });
  return { logger, health, stream, connector, supervisor };
}

/** Misbehaves in `mode` until the connector has given up and started over, then behaves. */
async function expectRecovery(
  vendor: Vendor,
  mode: VendorMode,
  options: { calls?: CallPolicy; answer?: string } = {},
) {
  const want = await cleanRun(vendor);
  expect(want.length).toBeGreaterThan(10);
  const bad = await startMisbehavingVendor({ upstream: vendor.upstream, mode });
  cleanup.push(bad.close);
  const run = await supervised(vendor, bad.url, options.calls);
  await waitFor(() => run.supervisor.runs >= 2 && run.health.state === 'failing', {
    timeoutMs: 45_000,
    intervalMs: 5,
  });
  expect(bad.hits[mode]).toBeGreaterThan(0);
  await bad.setMode('healthy');
  await run.supervisor.started;

  expect(run.health.state).toBe('running');
  expect(run.health.status().lastSuccess).toBeDefined();
  expect(published(run.stream)).toEqual(want);
  // Logged once per state change: never the same state twice in a row, and in this order.
  const seen = transitions(run.logger.entries);
  expect(seen.slice(0, 3)).toEqual(['backing_off', 'failing', 'running']);
  expect(seen.filter((s, i) => s === seen[i - 1])).toEqual([]);
  expect(seen.at(-1)).toBe('running');
  // With what the vendor answered.
  if (options.answer) {
    expect(failureLines(run.logger.entries).map((e) => String(e.error))).toContainEqual(
      expect.stringContaining(options.answer),
    );
  }
}

describe('connectors recover from a misbehaving vendor', () => {
  it('Shopify answering 200 with an HTML page', async () => {
    await expectRecovery(await shopify(), 'html-200', { answer: '<!DOCTYPE html>' });
  });

  it('Shopify answering 429 after 429', async () => {
    await expectRecovery(await shopify(), '429-storm', { answer: '429' });
  });

  it('Business Central answering 200 with an HTML page', async () => {
    await expectRecovery(await businessCentral(), 'html-200', { answer: 'Bad Gateway' });
  });

  it('Business Central answering 200 with truncated JSON', async () => {
    await expectRecovery(await businessCentral(), 'truncated-json', { answer: 'truncated JSON' });
  });

  it('HubSpot answering 500', async () => {
    await expectRecovery(await hubspot(), '500', { answer: 'HTTP 500' });
  });

  it('HubSpot never answering: each call times out', async () => {
    await expectRecovery(await hubspot(), 'hang', {
      calls: { ...FAST, timeoutMs: 1_000 },
      answer: 'did not answer',
    });
  });

  it('QuickBooks answering 500', async () => {
    await expectRecovery(await quickbooks(), '500', { answer: 'internal error' });
  });

  it('QuickBooks refusing connections', async () => {
    await expectRecovery(await quickbooks(), 'refuse', { answer: 'unreachable' });
  });
});

describe('supervision', () => {
  it('stops while the vendor hangs: the call in flight is given up', async () => {
    const vendor = await hubspot();
    const bad = await startMisbehavingVendor({ upstream: vendor.upstream, mode: 'hang' });
    cleanup.push(bad.close);
    const run = await supervised(vendor, bad.url, { ...FAST, timeoutMs: 1_000 });
    await waitFor(() => bad.hits.hang > 0, { timeoutMs: 10_000, intervalMs: 5 });
    // Resolves although the vendor never answers (the test's own timeout is the failure).
    await run.supervisor.stop();
    await run.connector.stop();
    expect(run.health.state).toBe('stopped');
    expect(bad.mode).toBe('hang');
  });

  it('keeps one connector going while another fails, and /ready shows both', async () => {
    const [crm, accounting] = [await hubspot(), await quickbooks()];
    const want = await cleanRun(accounting);
    const bad = await startMisbehavingVendor({ upstream: crm.upstream, mode: '500' });
    cleanup.push(bad.close);
    const failing = await supervised(crm, bad.url, FAST, true);
    const healthy = await supervised(accounting, accounting.upstream, FAST, true);
    const health = await startHealthServer({
      host: '127.0.0.1',
      port: 0,
      logger: quietLogger(),
      ready: () => true,
    });
    cleanup.push(() => health.close());

    await healthy.supervisor.started;
    await waitFor(() => failing.health.state === 'failing', { timeoutMs: 30_000, intervalMs: 5 });
    expect(healthy.health.state).toBe('running');
    expect(published(healthy.stream)).toEqual(want);
    expect(published(failing.stream)).toEqual([]);
    expect(failing.health.status()).toMatchObject({
      connector: 'crm',
      state: 'failing',
      lastError: expect.stringContaining('HTTP 500'),
    });

    const ready = await fetch(`${health.url}/ready`);
    expect(ready.status).toBe(200);
    const body = (await ready.json()) as { status: string; connectors: unknown[] };
    expect(body.status).toBe('degraded');
    expect(body.connectors).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ connector: 'crm', state: 'failing' }),
        expect.objectContaining({ connector: 'accounting', state: 'running' }),
      ]),
    );
    expect((await fetch(`${health.url}/ready?connectors=all`)).status).toBe(503);
  });
});
