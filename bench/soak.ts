/**
 * npm run soak -- --minutes 10 — `plexus start` (embedded: the in-process stream, the store on
 * PostgreSQL) under mixed traffic for the given time: a Shopify sandbox in this process changing at
 * `--rate` changes/s (each change is one or more events), its webhooks sent with `--duplicates` of
 * them twice, and graph queries at `--queries`/s. Every `--every` seconds it prints the RSS and heap
 * of each process (Plexus from its /metrics, this one from process.memoryUsage), the events applied
 * per second, the event lag (how far the store's newest order trails the sandbox's), the graph's
 * p99 over the last minute, and errors (failed queries, and warnings or errors Plexus logged). At
 * the end: RSS growth after warm-up (the goal is under 10%), p99 per minute, the errors.
 * Needs PostgreSQL (DATABASE_URL, default the local server); it makes a database of its own.
 */
import { spawn } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { scopeNames } from '../lib/auth/scopes';
import { startShopifySandbox } from '../sandbox/shopify';
import { createApiKey } from '../store/auth/api-keys';
import { closeORM, initORM } from '../store/orm';
import { freePorts } from '../test/helpers/ports';
import { fmt, percentile } from './stats';

const { values } = parseArgs({
  options: {
    minutes: { type: 'string', default: '10' },
    rate: { type: 'string', default: '200' },
    queries: { type: 'string', default: '20' },
    duplicates: { type: 'string', default: '0.1' },
    every: { type: 'string', default: '30' },
    'warm-up': { type: 'string', default: '2' },
  },
});
const minutes = Number(values.minutes);
const every = Number(values.every) * 1_000;
const warmUpMs = Number(values['warm-up']) * 60_000;
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!serverUrl.startsWith('postgres')) {
  throw new Error('soak measures the store on PostgreSQL: set DATABASE_URL=postgres://…');
}

const SECRET = 'soak_webhook_secret';
const QUERY = '{ orders(first: 5) { totalCount nodes { name totalPrice { amount } } } }';
const database = `plexus_soak_${Date.now().toString(36)}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${database}`);
const url = new URL(serverUrl);
url.pathname = `/${database}`;

const sandbox = await startShopifySandbox({
  port: 0,
  customers: 150,
  products: 60,
  orders: 600,
  webhookSecret: SECRET,
  restoreRate: 100_000,
  webhooks: { duplicateRate: Number(values.duplicates) },
  traffic: { ratePerSecond: 0 },
});
const [gatewayPort, ingressPort] = await freePorts(2);
const db = await initORM(url.href, { migrate: true });
const { key } = await createApiKey(db.orm.em, 'soak', scopeNames);

const cli = fileURLToPath(new URL('../bin/plexus.js', import.meta.url));
const child = spawn(process.execPath, [cli, 'start'], {
  env: {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '',
    DATABASE_URL: url.href,
    DEMO: 'false',
    GATEWAY_PORT: String(gatewayPort),
    INGRESS_PORT: String(ingressPort),
    LOG_LEVEL: 'warn',
    PLEXUS_COST_RESTORE_RATE: '100000',
    SHOPIFY_SHOP: sandbox.shopDomain,
    SHOPIFY_ACCESS_TOKEN: sandbox.accessToken,
    SHOPIFY_WEBHOOK_SECRET: SECRET,
    SHOPIFY_API_VERSION: sandbox.apiVersion,
    SHOPIFY_API_URL: sandbox.url,
    SHOPIFY_WEBHOOK_ADDRESS: `http://127.0.0.1:${ingressPort}`,
  },
  stdio: ['ignore', 'pipe', 'pipe'],
});
const logged: string[] = [];
const watchLog = (chunk: Buffer) => {
  for (const line of chunk.toString().split('\n')) {
    if (/"level":(40|50|60)/.test(line)) logged.push(line.slice(0, 300));
  }
};
child.stdout.on('data', watchLog);
child.stderr.on('data', watchLog);
const gateway = `http://127.0.0.1:${gatewayPort}`;

async function metrics(): Promise<Map<string, number>> {
  const text = await (
    await fetch(`${gateway}/metrics`, { signal: AbortSignal.timeout(10_000) })
  ).text();
  const out = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([a-z_]+)(\{[^}]*\})? ([\d.e+-]+)$/.exec(line);
    if (!match?.[1] || !match[3]) continue;
    out.set(match[1], (out.get(match[1]) ?? 0) + Number(match[3]));
  }
  return out;
}

async function lagSeconds(): Promise<number> {
  const newest = Math.max(
    ...[...sandbox.store.orders.values()].map((o) => Date.parse(o.updatedAt)),
  );
  const rows = await db.orm.em
    .fork()
    .getConnection()
    .execute<Array<{ ms: string | null }>>(
      'select (extract(epoch from max(updated_at)) * 1000)::bigint::text as ms from orders',
    );
  return Math.max(0, (newest - Number(rows[0]?.ms ?? 0)) / 1_000);
}

// Until the gateway answers and the backfill has landed.
const started = Date.now();
for (;;) {
  if (child.exitCode !== null) throw new Error(`plexus start exited: ${logged.join('\n')}`);
  try {
    if ((await fetch(`${gateway}/health`)).ok && (await lagSeconds()) === 0) break;
  } catch {
    // not up yet
  }
  await new Promise((resolve) => setTimeout(resolve, 1_000));
}
console.log(`plexus start up and backfilled in ${fmt((Date.now() - started) / 1_000)} s`);

const latencies: Array<{ at: number; ms: number }> = [];
let queryErrors = 0;
let queries = 0;
const ask = async () => {
  const t0 = performance.now();
  queries += 1;
  try {
    const response = await fetch(`${gateway}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
      body: JSON.stringify({ query: QUERY }),
      signal: AbortSignal.timeout(30_000),
    });
    const body = (await response.json()) as { errors?: unknown[] };
    if (!response.ok || body.errors?.length) queryErrors += 1;
  } catch {
    queryErrors += 1;
  }
  latencies.push({ at: Date.now(), ms: performance.now() - t0 });
};
// At most a few queries in flight: a slow gateway must not pile up sockets in this process.
let inFlight = 0;
const queryTimer = setInterval(
  () => {
    if (inFlight >= 4) return;
    inFlight += 1;
    void ask().finally(() => (inFlight -= 1));
  },
  1_000 / Number(values.queries),
);
sandbox.traffic.setRate(Number(values.rate));
sandbox.traffic.start();

/** Open file descriptors of a process (Linux), so a socket leak shows however it leaks. */
function openFds(pid: number | undefined): number {
  try {
    return readdirSync(`/proc/${pid ?? process.pid}/fd`).length;
  } catch {
    return Number.NaN;
  }
}

interface Sample {
  t: number;
  fds: number;
  sockets: number;
  waiting: number;
  streamHeld: number;
  rss: number;
  heap: number;
  ownRss: number;
  applied: number;
  lag: number;
}
const samples: Sample[] = [];
const soakStart = Date.now();
const end = soakStart + minutes * 60_000;
const mb = (bytes: number) => fmt(bytes / 2 ** 20, 0);
console.log(
  '  min   plexus RSS MB  heap MB  fds  stream held   soak RSS MB  webhook sockets  waiting  events/s  lag s  graph p99 ms (1 min)  errors',
);
let lastApplied = (await metrics()).get('plexus_projector_events_total') ?? 0;
let lastAt = Date.now();
while (Date.now() < end) {
  await new Promise((resolve) => setTimeout(resolve, every));
  if (child.exitCode !== null) break;
  const m = await metrics();
  const applied = m.get('plexus_projector_events_total') ?? 0;
  const now = Date.now();
  const sample = {
    t: (now - soakStart) / 60_000,
    fds: openFds(child.pid),
    sockets: sandbox.deliveries.openSockets,
    waiting: sandbox.deliveries.waiting,
    streamHeld: m.get('plexus_stream_messages_held') ?? 0,
    rss: m.get('process_resident_memory_bytes') ?? 0,
    heap: m.get('nodejs_heap_size_used_bytes') ?? 0,
    ownRss: process.memoryUsage().rss,
    applied: ((applied - lastApplied) * 1_000) / (now - lastAt),
    lag: await lagSeconds(),
  };
  lastApplied = applied;
  lastAt = now;
  samples.push(sample);
  const p99 = percentile(
    latencies.filter((l) => l.at > now - 60_000).map((l) => l.ms),
    99,
  );
  console.log(
    `${fmt(sample.t, 1).padStart(5)}   ${mb(sample.rss).padStart(12)}  ${mb(sample.heap).padStart(7)}  ` +
      `${String(sample.fds).padStart(4)}  ${fmt(sample.streamHeld).padStart(11)}   ${mb(sample.ownRss).padStart(11)}  ${String(sample.sockets).padStart(15)}  ${fmt(sample.waiting).padStart(7)}  ` +
      `${fmt(sample.applied).padStart(8)}  ${fmt(sample.lag, 1).padStart(5)}  ` +
      `${fmt(p99).padStart(20)}  ${queryErrors + logged.length}`,
  );
}
clearInterval(queryTimer);
sandbox.traffic.stop();

const warm = samples.filter((s) => s.t * 60_000 >= warmUpMs);
const first = warm[0];
const last = warm.at(-1);
console.log('');
if (child.exitCode !== null) console.log(`plexus start EXITED with ${child.exitCode}`);
if (first && last) {
  const growth = (last.rss - first.rss) / first.rss;
  console.log(
    `RSS after warm-up (${values['warm-up']} min): ${mb(first.rss)} MB → ${mb(last.rss)} MB ` +
      `(${fmt(growth * 100, 1)}%; goal < 10%); heap ${mb(first.heap)} → ${mb(last.heap)} MB; ` +
      `Plexus open fds ${first.fds} → ${last.fds}, stream held ${fmt(first.streamHeld)} → ${fmt(last.streamHeld)}; ` +
      `webhook sockets at most ${Math.max(...samples.map((s) => s.sockets))}`,
  );
}
const perMinute = new Map<number, number[]>();
for (const l of latencies) {
  const minute = Math.floor((l.at - soakStart) / 60_000);
  perMinute.set(minute, [...(perMinute.get(minute) ?? []), l.ms]);
}
console.log(
  `graph p99 per minute (ms): ${[...perMinute.values()].map((ms) => fmt(percentile(ms, 99))).join(', ')}`,
);
const rates = samples.map((s) => s.applied);
console.log(
  `events applied/s: mean ${fmt(rates.reduce((a, b) => a + b, 0) / Math.max(1, rates.length))}; ` +
    `sandbox changes ${fmt(sandbox.traffic.count)} (${fmt(sandbox.traffic.skipped)} skipped while the soak process was busy), webhooks delivered ${fmt(sandbox.deliveries.stats.delivered)} (${fmt(sandbox.deliveries.stats.duplicated)} duplicated) ` +
    `in ${fmt(sandbox.deliveries.stats.attempts)} attempts, ${fmt(sandbox.deliveries.stats.failed)} given up`,
);
console.log(
  `graph: ${fmt(queries)} queries, ${queryErrors} failed; Plexus logged ${logged.length} warnings or errors`,
);
const statuses = new Map<string, number>();
for (const a of sandbox.deliveries.log)
  statuses.set(String(a.status), (statuses.get(String(a.status)) ?? 0) + 1);
console.log(
  `webhook answers (last ${fmt(sandbox.deliveries.log.length)} attempts): ${[...statuses].map(([status, n]) => `${status} ×${fmt(n)}`).join(', ')}`,
);
for (const line of logged.slice(0, 5)) console.log(`  ${line}`);

child.kill('SIGTERM');
await new Promise((resolve) => child.once('exit', resolve));
await sandbox.close();
await closeORM();
await admin.query(`drop database ${database} with (force)`);
await admin.end();
