/**
 * npm run bench:graph — the customer-360 query through the Plexus gateway and through Hive Gateway
 * (`@graphql-hive/gateway`), over the same supergraph and the same four subgraphs, in one run.
 *
 * Method:
 * - A store (SQLite in a temp dir; a fresh PostgreSQL database when DATABASE_URL is postgres://)
 *   is filled through the real path: the demo dataset (seed 42) applied by the projector's sink.
 * - The four subgraphs serve it over HTTP on 127.0.0.1 (free ports), in this process.
 * - The gateways are started over schema/supergraph.graphql with its `@join__graph` URLs pointed
 *   at those subgraphs, each in a child process of its own (so it has its own event loop and its
 *   peak RSS is its own; `--in-process` runs them in this process): Plexus, Hive Gateway as
 *   shipped, and Hive Gateway with its merging of identical in-flight subgraph requests turned off.
 *   Every client here sends the same query, so that merging spares Hive most subgraph calls under
 *   load; the third row compares the gateways on equal subgraph work.
 * - This process drives one gateway at a time with a fixed number of concurrent keep-alive clients
 *   (global fetch): a warm-up each, then the measured time split into rounds that alternate
 *   between the gateways, so that other load on the machine falls on all alike. Every answer must
 *   equal the gateway's first one (no `errors`), and the first answers of all gateways must carry
 *   the same data, else the bench warns and exits non-zero.
 * - It prints requests/s, p50/p99 latency and errors per gateway, the CPU time and peak RSS of the
 *   gateway's own process (CPU per request is the gateway's own cost, whatever else limits the
 *   rate), and the ratios Plexus/peer.
 *
 * Everything shares one 2-core machine: subgraphs, store and load driver compete with the gateway
 * under test. So the absolute figures mean little; compare the gateways only as ratios measured
 * in the same run (see ../shared/reference/anchors.md).
 *
 * Flags (defaults): --concurrency 16, --seconds 15 (measured, per gateway), --warmup 3,
 * --rounds 3, --gateways plexus,hive,hive-no-dedup, --in-process.
 */
import { randomBytes } from 'node:crypto';
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDataset } from '../demo/dataset';
import { loadSupergraphSdl } from '../gateway/supergraph';
import { errorMessage } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { subgraphNames } from '../schema/subgraphs/index';
import { closeORM, initORM, type Db } from '../store/orm';
import { StoreSink } from '../streams/projector/sink/index';
import { startSubgraph, type RunningSubgraph } from '../subgraphs/server';
import { createFreshDatabase } from '../test/helpers/postgres';
import type { ChildMessage, ParentMessage } from './graph-child';
import {
  gatewayKinds,
  isGatewayKind,
  pointSupergraphAt,
  startBenchGateway,
  type GatewayKind,
  type GatewaySetup,
} from './graph-gateways';
import { fmt, percentile } from './stats';

const { values } = parseArgs({
  options: {
    concurrency: { type: 'string', default: '16' },
    seconds: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    rounds: { type: 'string', default: '3' },
    gateways: { type: 'string', default: gatewayKinds.join(',') },
    'in-process': { type: 'boolean', default: false },
  },
});
const concurrency = positive('concurrency', values.concurrency, true);
const seconds = positive('seconds', values.seconds);
const warmup = positive('warmup', values.warmup);
const rounds = positive('rounds', values.rounds, true);
const kinds = values.gateways.split(',').map((k) => k.trim());
if (kinds.length === 0 || !kinds.every(isGatewayKind)) {
  console.error(`--gateways takes a list of ${gatewayKinds.join(', ')}; got "${values.gateways}"`);
  process.exit(2);
}
const inProcess = values['in-process'];

// The customer-360 view of the first five customers: shopify orders → line items → variant, with
// stock and unit cost from erp, and crm, accounting and erp on the customer and its orders.
const query = /* GraphQL */ `
  query Customer360Bench {
    customers(first: 5) {
      totalCount
      nodes {
        id
        email
        firstName
        lastName
        identities {
          source
          sourceId
        }
        erp {
          number
          balanceDue {
            amount
            currencyCode
          }
        }
        crm {
          lifecycleStage
          leadStatus
          marketingConsent
          company {
            name
            domain
          }
          deals {
            totalCount
            nodes {
              name
              stage
              amount {
                amount
                currencyCode
              }
            }
          }
        }
        accounting {
          openBalance {
            amount
            currencyCode
          }
          invoices(first: 3) {
            totalCount
            nodes {
              number
              issuedAt
              total {
                amount
              }
              balance {
                amount
              }
            }
          }
        }
        orders(first: 5) {
          totalCount
          nodes {
            id
            name
            createdAt
            totalPrice {
              amount
              currencyCode
            }
            erp {
              salesOrderNumber
              status
              shipments {
                number
                postedAt
              }
            }
            accounting {
              invoiceNumber
              paid
              fees {
                amount
              }
            }
            lineItems {
              sku
              quantity
              unitPrice {
                amount
              }
              variant {
                id
                sku
                unitCost {
                  amount
                }
                product {
                  title
                }
                stock {
                  location {
                    name
                  }
                  onHand
                  available
                }
              }
            }
          }
        }
      }
    }
  }
`;
const body = JSON.stringify({ query, operationName: 'Customer360Bench' });

interface Measured {
  label: string;
  /** CPU time of the gateway's own process while measured; unknown in-process. */
  cpuMicros?: number;
  ok: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  latencies: number[];
  peakRssBytes?: number;
}

interface Target {
  kind: GatewayKind;
  url: string;
  cpu?(): Promise<number>;
  /** Its first answer's data, as canonical JSON. */
  first: string;
  check: (status: number, text: string) => string | null;
  stop(): Promise<number | undefined>;
  result: Measured;
}

interface Started {
  label: string;
  url: string;
  /** CPU time its process has used so far, when it has a process of its own. */
  cpu?(): Promise<number>;
  /** Stops the gateway; resolves to the peak RSS of its process when it had one of its own. */
  stop(): Promise<number | undefined>;
}

const logger = createLogger('bench', process.env.LOG_LEVEL ?? 'error');
// The run is bounded: whatever hangs, the bench ends.
const budgetMs = kinds.length * (warmup + seconds) * 1000 + 90_000;
setTimeout(() => {
  console.error(`bench:graph did not finish within ${fmt(budgetMs / 1000)} s: aborting`);
  process.exit(1);
}, budgetMs).unref();

const cleanups: (() => Promise<unknown>)[] = [];
let failed = false;
try {
  const t0 = performance.now();
  const db = await openStore();
  const events = generateDataset({ seed: 42 });
  const sink = new StoreSink(db.orm, 'plexus');
  for (let i = 0; i < events.length; i += 2000) await sink.apply(events.slice(i, i + 2000));
  console.log(
    `store: ${fmt(events.length)} events (seed 42) applied in ${fmt((performance.now() - t0) / 1000, 1)} s`,
  );

  const subgraphs: RunningSubgraph[] = [];
  cleanups.unshift(() => Promise.all(subgraphs.map((s) => s.stop())));
  const secret = randomBytes(32).toString('hex');
  for (const name of subgraphNames) {
    subgraphs.push(
      await startSubgraph(name, { em: db.orm.em, host: '127.0.0.1', port: 0, logger, secret }),
    );
  }
  const urls = Object.fromEntries(subgraphs.map((s) => [s.name, s.url]));
  const setup: GatewaySetup = {
    supergraphSdl: pointSupergraphAt(loadSupergraphSdl(), urls),
    subgraphs: urls,
    secret,
  };
  console.log(
    `subgraphs: ${subgraphs.map((s) => `${s.name} ${new URL(s.url).port}`).join(', ')}; ` +
      `gateways ${inProcess ? 'in this process' : 'each in a child process'}; ` +
      `concurrency ${concurrency}, warm-up ${warmup} s, measured ${seconds} s each`,
  );

  // Started side by side to save time; each one idles until its turn.
  const started = await Promise.all(
    kinds.map(async (kind): Promise<{ target?: Target; note: string }> => {
      try {
        const gateway = await (inProcess ? startHere(kind, setup) : startChild(kind, setup));
        let stopping: Promise<number | undefined> | undefined;
        const stop = () => (stopping ??= gateway.stop());
        cleanups.unshift(stop);
        const first = await probe(gateway.url);
        const reference = canonical(first.data);
        const target: Target = {
          kind,
          url: gateway.url,
          ...(gateway.cpu ? { cpu: gateway.cpu } : {}),
          first: reference,
          stop,
          check: (status, text) => {
            if (status !== 200) return `HTTP ${status}: ${text.slice(0, 200)}`;
            if (text === first.text) return null;
            const parsed = parse(text);
            if (parsed.errors) return `errors: ${parsed.errors}`;
            return canonical(parsed.data) === reference
              ? null
              : 'data differs from its first answer';
          },
          result: { label: gateway.label, ok: 0, errors: 0, elapsedMs: 0, latencies: [] },
        };
        return {
          target,
          note: `${gateway.label}: ${gateway.url}; ${describe(first.data, first.bytes)}`,
        };
      } catch (error) {
        failed = true;
        return { note: `${kind}: FAILED: ${errorMessage(error)}` };
      }
    }),
  );
  for (const { note } of started) console.log(note);
  const targets = started.flatMap(({ target }) => (target ? [target] : []));

  const [reference, ...others] = targets;
  const differing = others.filter((other) => other.first !== reference?.first);
  for (const other of differing) {
    console.warn(`WARNING: ${other.kind} and ${reference?.kind} answered with different data`);
    failed = true;
  }
  if (others.length > 0 && differing.length === 0) {
    console.log(`Same data from ${targets.map((t) => t.kind).join(', ')}.`);
  }

  // Other work on the machine comes and goes: alternating short rounds spreads it over all.
  for (const target of targets) await drive(target.url, warmup, target.check);
  for (let round = 1; round <= rounds; round += 1) {
    const figures: string[] = [];
    for (const target of targets) {
      const cpuBefore = await target.cpu?.();
      const measured = await drive(target.url, seconds / rounds, target.check);
      const cpuAfter = await target.cpu?.();
      const total = target.result;
      if (cpuBefore !== undefined && cpuAfter !== undefined) {
        total.cpuMicros = (total.cpuMicros ?? 0) + cpuAfter - cpuBefore;
      }
      total.ok += measured.ok;
      total.errors += measured.errors;
      total.elapsedMs += measured.elapsedMs;
      total.latencies.push(...measured.latencies);
      total.firstError ??= measured.firstError;
      figures.push(`${target.kind} ${fmt((measured.ok / measured.elapsedMs) * 1000, 1)} req/s`);
    }
    console.log(`round ${round}/${rounds}: ${figures.join(', ')}`);
  }
  const results = new Map<GatewayKind, Measured>();
  for (const target of targets) {
    target.result.peakRssBytes = await target.stop();
    results.set(target.kind, target.result);
    if (target.result.errors > 0) {
      failed = true;
      console.error(
        `${target.kind}: ${target.result.errors} failed requests; first: ${target.result.firstError}`,
      );
    }
  }

  printTable(results);
  for (const kind of kinds) {
    if (!results.has(kind)) console.log(`${kind}: no figures (it failed above).`);
  }
} catch (error) {
  console.error(`bench:graph failed: ${errorMessage(error)}`);
  failed = true;
} finally {
  for (const cleanup of cleanups) await cleanup().catch(() => undefined);
}
process.exit(failed ? 1 : 0);

function positive(name: string, raw: string, integer = false): number {
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0 || (integer && !Number.isInteger(n))) {
    console.error(`--${name} must be a positive ${integer ? 'integer' : 'number'}, got "${raw}"`);
    process.exit(2);
  }
  return n;
}

async function openStore(): Promise<Db> {
  const server = process.env.DATABASE_URL;
  let url: string;
  if (server?.startsWith('postgres')) {
    const database = await createFreshDatabase('plexus_bench_graph');
    url = database.url;
    cleanups.unshift(() => database.drop());
  } else {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-graph-'));
    url = `sqlite://${join(dir, 'store.sqlite')}`;
    cleanups.unshift(async () => rmSync(dir, { recursive: true, force: true }));
  }
  cleanups.unshift(() => closeORM(url));
  return initORM(url, { migrate: true });
}

async function startHere(kind: GatewayKind, setup: GatewaySetup): Promise<Started> {
  const gateway = await startBenchGateway(kind, setup);
  return {
    label: gateway.label,
    url: gateway.url,
    stop: async () => {
      await gateway.stop();
      return undefined;
    },
  };
}

async function startChild(kind: GatewayKind, setup: GatewaySetup): Promise<Started> {
  const child = fork(fileURLToPath(new URL('./graph-child.ts', import.meta.url)), [kind], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const post = (message: ParentMessage) => child.send(message);
  try {
    post({ type: 'start', setup });
    const ready = await reply(child, 60_000);
    if (ready.type === 'failed') throw new Error(ready.error);
    if (ready.type !== 'ready') throw new Error(`unexpected message ${ready.type}`);
    return {
      label: ready.label,
      url: ready.url,
      async cpu() {
        post({ type: 'cpu' });
        const answer = await reply(child, 15_000);
        if (answer.type !== 'cpu') throw new Error(`unexpected message ${answer.type}`);
        return answer.micros;
      },
      async stop() {
        post({ type: 'stop' });
        const stopped = await reply(child, 15_000).finally(() => child.kill());
        return stopped.type === 'stopped' ? stopped.maxRssBytes : undefined;
      },
    };
  } catch (error) {
    child.kill();
    throw error;
  }
}

/** The child's next message; rejects when it exits first or takes longer than `timeoutMs`. */
function reply(child: ChildProcess, timeoutMs: number): Promise<ChildMessage> {
  return new Promise((resolve, reject) => {
    const done = () => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
    };
    const onMessage = (message: ChildMessage) => {
      done();
      resolve(message);
    };
    const onExit = (code: number | null, signal: string | null) => {
      done();
      reject(new Error(`gateway process exited (${signal ?? code}) before answering`));
    };
    const timer = setTimeout(() => {
      done();
      reject(new Error(`gateway process did not answer within ${timeoutMs / 1000} s`));
    }, timeoutMs);
    child.on('message', onMessage);
    child.on('exit', onExit);
  });
}

function post(url: string): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json' },
    body,
  });
}

function parse(text: string): { data: unknown; errors?: string } {
  const parsed = JSON.parse(text) as { data?: unknown; errors?: { message?: string }[] };
  const errors = parsed.errors?.length
    ? parsed.errors.map((e) => e.message ?? '?').join('; ')
    : undefined;
  return { data: parsed.data, ...(errors ? { errors } : {}) };
}

/** The first answer of a gateway: it must be whole (no `errors`), since every later one must equal it. */
async function probe(url: string): Promise<{ text: string; data: unknown; bytes: number }> {
  const response = await post(url);
  const text = await response.text();
  if (response.status !== 200) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  const { data, errors } = parse(text);
  if (errors) throw new Error(`the query failed: ${errors}`);
  if (data === null || data === undefined) throw new Error('the query returned no data');
  return { text, data, bytes: Buffer.byteLength(text) };
}

/** `concurrency` clients, each sending the query as soon as its last answer arrived, for `secs`. */
async function drive(
  url: string,
  secs: number,
  check: (status: number, text: string) => string | null,
): Promise<Omit<Measured, 'label'>> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  const started = performance.now();
  const deadline = started + secs * 1000;
  const client = async () => {
    while (performance.now() < deadline) {
      const t = performance.now();
      let problem: string | null;
      try {
        const response = await post(url);
        problem = check(response.status, await response.text());
      } catch (error) {
        problem = errorMessage(error);
      }
      if (problem === null) latencies.push(performance.now() - t);
      else {
        errors += 1;
        firstError ??= problem;
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, client));
  return {
    ok: latencies.length,
    errors,
    elapsedMs: performance.now() - started,
    latencies,
    ...(firstError ? { firstError } : {}),
  };
}

/** JSON with object keys sorted, so that two answers compare by value. */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}

/** What one answer holds, to show the query really spans all four subgraphs. */
function describe(data: unknown, bytes: number): string {
  type Node = Record<string, unknown>;
  const nodes = (value: unknown): Node[] =>
    ((value as { nodes?: Node[] } | null | undefined)?.nodes ?? []).filter(Boolean);
  const customers = nodes((data as Node).customers);
  const orders = customers.flatMap((c) => nodes(c.orders));
  const lines = orders.flatMap((o) => (o.lineItems as Node[] | undefined) ?? []);
  const stock = lines.flatMap(
    (l) => ((l.variant as Node | null)?.stock as Node[] | undefined) ?? [],
  );
  const filled = (field: string) => customers.filter((c) => c[field]).length;
  return (
    `answer ${fmt(bytes / 1024, 1)} KB: ${customers.length} customers (crm ${filled('crm')}, ` +
    `accounting ${filled('accounting')}, erp ${filled('erp')}), ${orders.length} orders, ` +
    `${lines.length} line items, ${stock.length} stock rows`
  );
}

function printTable(results: Map<GatewayKind, Measured>): void {
  const mb = (bytes: number | undefined) =>
    bytes === undefined ? '-' : `${fmt(bytes / 1024 / 1024)} MB`;
  const rows = [...results].map(([kind, r]) => ({
    kind,
    label: r.label,
    rps: (r.ok / r.elapsedMs) * 1000,
    p50: percentile(r.latencies, 50),
    p99: percentile(r.latencies, 99),
    ok: r.ok,
    errors: r.errors,
    cpu: r.cpuMicros === undefined ? undefined : r.cpuMicros / 1000 / (r.ok + r.errors),
    rss: r.peakRssBytes,
  }));
  const width = Math.max(12, ...rows.map((r) => r.label.length));
  const line = (cells: string[]) =>
    console.log([cells[0]?.padEnd(width), ...cells.slice(1).map((c) => c.padStart(10))].join('  '));
  console.log('');
  line(['gateway', 'req/s', 'p50 ms', 'p99 ms', 'requests', 'errors', 'CPU ms/req', 'peak RSS']);
  for (const r of rows) {
    line([
      r.label,
      fmt(r.rps, 1),
      fmt(r.p50, 1),
      fmt(r.p99, 1),
      fmt(r.ok + r.errors),
      fmt(r.errors),
      r.cpu === undefined ? '-' : fmt(r.cpu, 1),
      mb(r.rss),
    ]);
  }
  const plexus = rows.find((r) => r.kind === 'plexus');
  const ratio = (a: number, b: number) => `${fmt(a / b, 2)}x`;
  for (const peer of rows) {
    if (!plexus || peer === plexus) continue;
    line([
      `Plexus / ${peer.kind}`,
      ratio(plexus.rps, peer.rps),
      ratio(plexus.p50, peer.p50),
      ratio(plexus.p99, peer.p99),
      '',
      '',
      plexus.cpu && peer.cpu ? ratio(plexus.cpu, peer.cpu) : '-',
      plexus.rss && peer.rss ? ratio(plexus.rss, peer.rss) : '-',
    ]);
  }
  if (plexus && rows.length > 1) {
    console.log(
      '(req/s above 1x: Plexus serves more; latency, CPU and RSS below 1x: Plexus uses less)',
    );
  }
  const own = process.resourceUsage().maxRSS * 1024;
  console.log(
    inProcess
      ? `peak RSS of this one process (store, subgraphs, load driver and all gateways): ${mb(own)}`
      : `peak RSS of the bench process (store, subgraphs, load driver): ${mb(own)}; ` +
          'each gateway row is its own process',
  );
}
