/**
 * npm run bench:connectors — a full backfill by each REST connector (Business Central, HubSpot,
 * QuickBooks Online) against its sandbox over real HTTP, publishing to the in-process MemoryStream
 * (no Kafka), checkpoints and tokens in memory.
 *
 * Two runs per vendor:
 * (a) the vendor's own limit and the connector's default budget and page size: records/s, and how
 *     much of the limit the backfill used;
 * (b) the sandbox's limit lowered (the e2e tests' settings) with the connector's budget under it,
 *     and small pages, so the limit binds: the request rate should sit at ≥ ~90% of the limit.
 * Neither should see a 429; one at the default budget makes the exit code 1.
 *
 * The limit is read from the sandbox as it enforces it: a leaky bucket of N that starts full and
 * refills N per W seconds. "share" is the requests a run made over the N × max(1, T / W) that
 * "N per W" allows in T seconds; a run a few windows long can pass 100% on the initial burst
 * without a 429. "steady" leaves the first window's burst and the last partial window out (see
 * steadyRate): the rate the budget holds once the burst is spent. The 429 count is the verdict on
 * respecting the limit, the steady share on using it.
 */
import { parseArgs } from 'node:util';
import {
  MemoryCheckpointStore,
  startBusinessCentralConnector,
} from '../connectors/businesscentral';
import { sandboxConfig as bcSandboxConfig } from '../test/doubles/businesscentral';
import { loadHubSpotConfig, startHubSpotConnector } from '../connectors/hubspot';
import { MemoryTokenStore, startQuickBooksConnector } from '../connectors/quickbooks';
import { MAX_PAGE_SIZE } from '../connectors/quickbooks/pages';
import { sandboxConfig as qboSandboxConfig } from '../test/doubles/quickbooks';
import { createLogger } from '../lib/logger';
import { startBusinessCentralSandbox } from '../sandbox/businesscentral';
import { startHubSpotSandbox } from '../sandbox/hubspot';
import { startQuickBooksSandbox } from '../sandbox/quickbooks';
import type { LeakyBucket } from '../sandbox/toolkit/rate-limit';
import { MemoryStream } from '../streams/memory';
import { fmt } from './stats';

const VENDORS = ['businesscentral', 'hubspot', 'quickbooks'] as const;
type Vendor = (typeof VENDORS)[number];
const USAGE =
  'usage: npm run bench:connectors -- [--only businesscentral,hubspot,quickbooks] [--scale 1]';

function parseFlags(): { only: Vendor[]; scale: number } {
  let values: { only: string; scale: string };
  try {
    ({ values } = parseArgs({
      options: {
        only: { type: 'string', default: VENDORS.join(',') },
        scale: { type: 'string', default: '1' },
      },
    }));
  } catch (error) {
    throw new Error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`, {
      cause: error,
    });
  }
  const only = [...new Set(values.only.split(',').map((v) => v.trim()))].filter(Boolean);
  const unknown = only.filter((v) => !(VENDORS as readonly string[]).includes(v));
  if (unknown.length || !only.length) {
    const what = unknown.length ? `unknown vendor ${unknown.join(', ')}` : 'no vendor named';
    throw new Error(`--only: ${what}; pick from ${VENDORS.join(', ')}`);
  }
  const scale = Number(values.scale);
  if (!Number.isFinite(scale) || scale <= 0 || scale > 20) {
    throw new Error(`--scale must be a number in (0, 20], got ${values.scale}`);
  }
  return { only: only as Vendor[], scale };
}

let flags: ReturnType<typeof parseFlags>;
try {
  flags = parseFlags();
} catch (error) {
  console.error(`bench:connectors: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(2);
}
const { only, scale } = flags;
const n = (count: number) => Math.max(1, Math.round(count * scale));
const logger = createLogger('bench-connectors', process.env.LOG_LEVEL ?? 'warn');

interface Counters {
  requests: number;
  retries: number;
  rateLimited: number;
}

/** A connector reduced to what a run measures. */
interface Backfiller {
  backfill(): Promise<{ records: number }>;
  counters(): Counters;
  stop(): Promise<void>;
}

/** What every connector here starts with: the bench's namespace and logger, checkpoints in memory. */
const onBench = (stream: MemoryStream) => ({
  stream,
  namespace: 'bench',
  logger,
  checkpoints: new MemoryCheckpointStore(),
});

/** A started sandbox and how to start its connector against it. */
interface Run {
  vendor: string;
  /** The connector's budget and page size, as configured. */
  setting: string;
  bucket: Pick<LeakyBucket, 'capacity' | 'restoreRate'>;
  connect(stream: MemoryStream): Promise<Backfiller>;
  close(): Promise<void>;
}

interface Result extends Counters {
  records: number;
  seconds: number;
  /** Requests/s over the whole windows after the first; undefined for a run under 3 windows. */
  steady: number | undefined;
}

/** [seconds since the start, requests so far], taken each time the count moved. */
type Samples = Array<[number, number]>;

/**
 * Requests/s from the end of the first window (its burst left out) to the end of the last whole
 * one: both ends in the same phase of the client's pacing, so the count between them is whole
 * windows' worth. A client may count a request as it queues for the budget, one ahead of its
 * sending, but then does so at both ends alike.
 */
function steadyRate(samples: Samples, windowSeconds: number, seconds: number) {
  const windows = Math.floor(seconds / windowSeconds) - 1;
  if (windows < 2) return undefined;
  const countAt = (t: number) => samples.findLast(([at]) => at <= t)?.[1] ?? 0;
  const from = windowSeconds;
  const to = from + windows * windowSeconds;
  return (countAt(to) - countAt(from)) / (to - from);
}

async function measure(run: Run, windowSeconds: number): Promise<Result> {
  const stream = new MemoryStream();
  try {
    const connector = await run.connect(stream);
    const samples: Samples = [];
    const started = performance.now();
    const sample = () => {
      const count = connector.counters().requests;
      if (count !== samples.at(-1)?.[1]) {
        samples.push([(performance.now() - started) / 1_000, count]);
      }
    };
    const sampler = setInterval(sample, 5);
    try {
      const { records } = await connector.backfill();
      const seconds = (performance.now() - started) / 1_000;
      const steady = steadyRate(samples, windowSeconds, seconds);
      return { records, seconds, steady, ...connector.counters() };
    } finally {
      clearInterval(sampler);
      await connector.stop();
    }
  } finally {
    await stream.close();
    await run.close();
  }
}

/** Lowered from 6,000 per 5 minutes, budget 9 a window: test/e2e/businesscentral. */
const BC_LIMIT = { requests: 10, windowSeconds: 1 };

async function businessCentral(bound: boolean): Promise<Run> {
  const sizes = bound
    ? { customers: n(400), items: n(80), salesOrders: n(800) }
    : { customers: n(12_000), items: n(1_200), salesOrders: n(24_000) };
  const sb = await startBusinessCentralSandbox({
    port: 0,
    locations: 3,
    ...sizes,
    ...(bound ? { rateLimit: BC_LIMIT } : {}),
  });
  const env: Record<string, string> = bound
    ? { BC_PAGE_SIZE: '25', BC_REQUEST_BUDGET: '9', BC_REQUEST_WINDOW_SECONDS: '1' }
    : {};
  const config = bcSandboxConfig(sb, { BC_POLL_INTERVAL_SECONDS: '3600', ...env });
  return {
    vendor: 'Business Central',
    setting: `${fmt(config.budget.limit)}/${fmt(config.budget.intervalMs / 1_000)} s, page ${fmt(config.pageSize)}`,
    bucket: sb.bucket,
    async connect(stream) {
      const connector = await startBusinessCentralConnector({ config, ...onBench(stream) });
      return {
        backfill: () => connector.backfill(),
        counters: () => connector.stats().http,
        stop: () => connector.stop(),
      };
    },
    close: () => sb.close(),
  };
}

/** Lowered from 190 per 10 s: test/e2e/hubspot (the connector's budget is the limit). */
const HUBSPOT_LIMIT = { requests: 30, windowSeconds: 2 };

async function hubSpot(bound: boolean): Promise<Run> {
  const sizes = bound
    ? { contacts: n(12_000), companies: n(2_000), deals: n(4_000) }
    : { contacts: n(12_000), companies: n(2_500), deals: n(4_000) };
  const sb = await startHubSpotSandbox({
    port: 0,
    ...sizes,
    ...(bound ? { rateLimit: { ...HUBSPOT_LIMIT, daily: 650_000 } } : {}),
  });
  const config = loadHubSpotConfig({
    HUBSPOT_ACCESS_TOKEN: sb.accessToken,
    HUBSPOT_CLIENT_SECRET: sb.clientSecret,
    HUBSPOT_API_URL: sb.url,
    INGRESS_PORT: '0',
    ...(bound
      ? {
          HUBSPOT_RATE_LIMIT: String(HUBSPOT_LIMIT.requests),
          HUBSPOT_RATE_WINDOW_MS: String(HUBSPOT_LIMIT.windowSeconds * 1_000),
        }
      : {}),
  });
  const { requests, windowMs } = config.rateLimit;
  return {
    vendor: 'HubSpot',
    setting: `${fmt(requests)}/${fmt(windowMs / 1_000)} s, page 100`,
    bucket: sb.limits.burst,
    async connect(stream) {
      const connector = await startHubSpotConnector({ config, ...onBench(stream) });
      return {
        backfill: () => connector.backfill(),
        counters: () => connector.stats().client,
        stop: () => connector.stop(),
      };
    },
    close: () => sb.close(),
  };
}

/**
 * test/e2e/quickbooks's 110 per 5 s with a budget of 100, as 22 and 20 per second: the same rates,
 * but a run of seconds spans many windows.
 */
const QBO_LIMIT = { requests: 22, windowSeconds: 1 };
const QBO_BOUND_BUDGET = { limit: 20, intervalMs: 1_000 };
const QBO_BOUND_PAGE = 40;

async function quickBooks(bound: boolean): Promise<Run> {
  const sizes = bound
    ? { customers: n(300), items: n(60), invoices: n(1_200) }
    : { customers: n(3_000), items: n(300), invoices: n(12_000) };
  const sb = await startQuickBooksSandbox({
    port: 0,
    ...sizes,
    ...(bound ? { rateLimit: QBO_LIMIT } : {}),
  });
  const config = qboSandboxConfig(sb);
  const budget = bound ? QBO_BOUND_BUDGET : { limit: config.requestsPerMinute, intervalMs: 60_000 };
  return {
    vendor: 'QuickBooks Online',
    setting: `${fmt(budget.limit)}/${fmt(budget.intervalMs / 1_000)} s, page ${fmt(bound ? QBO_BOUND_PAGE : MAX_PAGE_SIZE)}`,
    bucket: sb.bucket,
    async connect(stream) {
      const connector = await startQuickBooksConnector({
        config,
        ...onBench(stream),
        tokens: new MemoryTokenStore(),
        ...(bound ? { budget } : {}),
      });
      return {
        backfill: () => connector.backfill(bound ? { pageSize: QBO_BOUND_PAGE } : {}),
        counters: () => connector.stats().http,
        stop: () => connector.stop(),
      };
    },
    close: () => sb.close(),
  };
}

const RUNS: Record<Vendor, (bound: boolean) => Promise<Run>> = {
  businesscentral: businessCentral,
  hubspot: hubSpot,
  quickbooks: quickBooks,
};

const COLUMNS: Array<[title: string, width: number]> = [
  ['vendor', 18],
  ['limit', 12],
  ['budget, page', 22],
  ['records', 8],
  ['records/s', 10],
  ['requests', 9],
  ['elapsed', 8],
  ['req/s', 6],
  ['share', 7],
  ['steady req/s', 13],
  ['share', 7],
  ['429s', 5],
  ['retries', 8],
];
const row = (cells: string[]) =>
  cells
    .map((cell, i) => {
      const width = COLUMNS[i]?.[1] ?? 0;
      return i < 3 ? cell.padEnd(width) : cell.padStart(width);
    })
    .join(' ')
    .trimEnd();
const percent = (share: number) => `${fmt(100 * share, 1)}%`;

console.log(row(COLUMNS.map(([title]) => title)));
let failed = false;
for (const vendor of only) {
  for (const bound of [false, true]) {
    const run = await RUNS[vendor](bound);
    // The limit as the sandbox enforces it: N (the bucket) per W seconds (N / restore rate).
    const limit = run.bucket.capacity;
    const windowSeconds = limit / run.bucket.restoreRate;
    const r = await measure(run, windowSeconds);
    const allowed = limit * Math.max(1, r.seconds / windowSeconds);
    console.log(
      row([
        bound ? '  limit lowered' : run.vendor,
        `${fmt(limit)}/${fmt(windowSeconds)} s`,
        run.setting,
        fmt(r.records),
        fmt(r.records / r.seconds),
        fmt(r.requests),
        `${fmt(r.seconds, 2)} s`,
        fmt(r.requests / r.seconds, 1),
        percent(r.requests / allowed),
        r.steady === undefined ? '-' : fmt(r.steady, 1),
        r.steady === undefined ? '-' : percent(r.steady / run.bucket.restoreRate),
        fmt(r.rateLimited),
        fmt(r.retries),
      ]),
    );
    if (r.rateLimited > 0) {
      // Only the default budget decides the exit code: under a lowered limit a budget a hair
      // under it (HubSpot's) can lose to timer jitter on a loaded machine.
      const [verdict, where] = bound
        ? ['WARN', 'under the lowered limit']
        : ['FAIL', 'at the default budget'];
      console.log(`  ${verdict}: ${run.vendor} got ${fmt(r.rateLimited)} 429(s) ${where}`);
      if (!bound) failed = true;
    }
  }
}
console.log(`
share: requests / what "N per W s" allows in the run (N × elapsed / W, one window's N at least);
  a run a few windows long can pass 100% on the bucket's initial burst without a 429.
steady: requests/s over the whole windows after the first (runs of 3 windows or more), and its
  share of N / W. Expect no 429s, and a steady share of 90% or more where the limit was lowered.`);
if (failed) process.exitCode = 1;
