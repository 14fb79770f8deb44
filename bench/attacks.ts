/**
 * bench:attacks: the abusive requests of issue 11, each against a fresh embedded gateway (the
 * `npm start` shape: four subgraphs in-process over SQLite holding the demo dataset, seed 42) in a
 * child process of its own, so that one attack's CPU and memory do not colour the next. Prints, per
 * attack: the HTTP status and error code, how long the answer took, its size, how long `/health`
 * took while the attack ran, and the child's RSS before, after and at its peak.
 *
 *   npm run bench:attacks [-- --timeout 30 --only deep-nesting,alias-flood]
 *
 * It uses only what `startGateway` accepted before the limits existed, so it runs on any branch:
 * run it on main for the "before" column and on this branch for the "after".
 */
import { scopeNames } from '../lib/auth/scopes';
import { fork } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generateDataset } from '../demo/dataset';
import { startGateway } from '../gateway/server';
import { errorMessage } from '../lib/errors';
import { createLogger } from '../lib/logger';
import { closeORM, initORM } from '../store/orm';
import { StoreSink } from '../streams/projector/sink/index';
import { createSubgraphSchemas } from '../subgraphs/index';
import { fmt } from './stats';

const { values } = parseArgs({
  options: {
    serve: { type: 'string' },
    timeout: { type: 'string', default: '30' },
    only: { type: 'string' },
  },
});
const timeoutMs = Number(values.timeout) * 1000;
const logger = createLogger('bench', process.env.LOG_LEVEL ?? 'silent');

interface Outcome {
  status: string;
  bytes: number;
}

interface Attack {
  name: string;
  what: string;
  run(url: string): Promise<Outcome>;
}

const nested = (levels: number) =>
  `{ customers(first: 1) { nodes { ${'orders(first: 1) { nodes { customer { '.repeat(levels)}id ${'} } } '.repeat(levels)}} } }`;

function aliasFlood(bytes: number): string {
  const parts: string[] = [];
  let size = 2;
  for (let i = 0; size < bytes; i += 1) {
    const part = `a${i}: __typename `;
    parts.push(part);
    size += part.length;
  }
  return `{ ${parts.join('')}}`;
}

const wideAliases = (count: number) =>
  `{ ${Array.from({ length: count }, (_, i) => `c${i}: customers(first: 100) { nodes { id email firstName lastName } }`).join(' ')} }`;

/** A query whose requested cost is about 900 (Shopify's limit is 1000). */
const expensive = '{ customers(first: 100) { nodes { orders(first: 7) { nodes { name } } } } }';

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await response.text();
  return { status: `${response.status} ${errorCode(text)}`.trim(), bytes: text.length };
}

/** fetch will not send a Host of our choosing; node:http will. */
function postAs(url: string, host: string, body: unknown): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const call = request(
      url,
      { method: 'POST', headers: { host, 'content-type': 'application/json' }, timeout: timeoutMs },
      (response) => {
        let text = '';
        response.on('data', (chunk: Buffer) => (text += chunk.toString()));
        response.on('end', () =>
          resolve({
            status: `${response.statusCode} ${errorCode(text)}`.trim(),
            bytes: text.length,
          }),
        );
      },
    );
    call.on('error', reject);
    call.end(JSON.stringify(body));
  });
}

function errorCode(text: string): string {
  try {
    const body = JSON.parse(text) as { errors?: { extensions?: { code?: string } }[] };
    return body.errors?.[0]?.extensions?.code ?? '';
  } catch {
    return '';
  }
}

/** Sends the headers one byte a second: how long until the server hangs up? */
function slowHeaders(url: string): Promise<Outcome> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname);
    const head = `POST /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-Slow: ${'a'.repeat(600)}`;
    let sent = 0;
    let answer = '';
    const drip = setInterval(() => {
      if (sent < head.length) socket.write(head[sent++] ?? '');
    }, 1_000);
    const done = (status: string) => {
      clearInterval(drip);
      clearTimeout(limit);
      socket.destroy();
      resolve({ status, bytes: answer.length });
    };
    const limit = setTimeout(() => done('held open'), timeoutMs);
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.on('close', () => done(`closed ${answer.split('\r\n')[0] ?? ''}`.trim()));
    socket.on('error', () => done('reset'));
  });
}

const attacks: Attack[] = [
  {
    name: 'deep-nesting',
    what: 'customer → orders → customer, 500 deep',
    run: (url) => post(url, { query: nested(500) }),
  },
  {
    name: 'alias-flood',
    what: '1 MB document of aliases (just under the 1 MiB body limit)',
    run: (url) => post(url, { query: aliasFlood(1_000_000) }),
  },
  {
    name: 'wide-aliases',
    what: '500 aliases of customers(first: 100)',
    run: (url) => post(url, { query: wideAliases(500) }),
  },
  {
    name: 'huge-body',
    what: '10 MB request body',
    run: (url) => post(url, { query: '{ __typename }', variables: { pad: 'x'.repeat(10 << 20) } }),
  },
  {
    name: 'fragment-cycle',
    what: 'a fragment that spreads itself',
    run: (url) =>
      post(url, {
        query:
          '{ customers { nodes { ...A } } } fragment A on Customer { orders { nodes { customer { ...A } } } }',
      }),
  },
  {
    name: 'mutation',
    what: 'mutation { … } on a read-only graph',
    run: (url) => post(url, { query: 'mutation { deleteEverything }' }),
  },
  {
    name: 'unknown-operation',
    what: 'operationName that is not in the document',
    run: (url) => post(url, { query: 'query A { __typename }', operationName: 'B' }),
  },
  {
    name: 'introspection',
    what: '{ __schema { types { name } } }',
    run: (url) => post(url, { query: '{ __schema { types { name } } }' }),
  },
  {
    name: 'foreign-host',
    what: 'Host: attacker.example (DNS rebinding)',
    run: (url) => postAs(url, 'attacker.example', { query: '{ __typename }' }),
  },
  {
    name: 'burst',
    what: '30 queries of cost ~900 at once',
    async run(url) {
      const answers = await Promise.all(
        Array.from({ length: 30 }, () => post(url, { query: expensive })),
      );
      const counts = new Map<string, number>();
      for (const a of answers) counts.set(a.status, (counts.get(a.status) ?? 0) + 1);
      const status = [...counts].map(([s, n]) => `${n}× ${s}`).join(', ');
      return { status, bytes: answers.reduce((sum, a) => sum + a.bytes, 0) };
    },
  },
  {
    name: 'slow-headers',
    what: 'headers sent one byte a second',
    run: slowHeaders,
  },
];

function rssOf(pid: number): { rss: number; peak: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (name: string) => Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') * 1024, peak: kb('VmHWM') * 1024 };
}

async function timeHealth(url: string): Promise<string> {
  const t0 = performance.now();
  try {
    await fetch(new URL('/health', url), { signal: AbortSignal.timeout(timeoutMs) });
    return fmt(performance.now() - t0, 0);
  } catch {
    return `>${fmt(timeoutMs, 0)}`;
  }
}

async function measure(store: string, attack: Attack) {
  const child = fork(fileURLToPath(import.meta.url), ['--serve', store], {
    execArgv: ['--import', 'tsx'],
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
  });
  try {
    const url = await new Promise<string>((resolve, reject) => {
      child.once('message', (m: { url: string }) => resolve(m.url));
      child.once('exit', (code) => reject(new Error(`gateway child exited (${code})`)));
    });
    // One ordinary query first, so that "before" is a warmed-up gateway.
    await post(url, { query: '{ customers(first: 2) { nodes { email } } }' });
    const before = rssOf(child.pid ?? 0);
    const t0 = performance.now();
    const running = attack.run(url).catch((error: unknown) => ({
      status: errorMessage(error).includes('timeout')
        ? `no answer in ${values.timeout} s`
        : errorMessage(error),
      bytes: 0,
    }));
    // Is the process still serving others while the attack runs?
    const health = new Promise<string>((resolve) => setTimeout(resolve, 100)).then(() =>
      timeHealth(url),
    );
    const outcome = await running;
    const ms = performance.now() - t0;
    const after = rssOf(child.pid ?? 0);
    return { ...outcome, ms, health: await health, before, after };
  } finally {
    child.kill('SIGKILL');
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'plexus-attacks-'));
  const store = `sqlite://${join(dir, 'store.sqlite')}`;
  try {
    const db = await initORM(store, { migrate: true });
    const events = generateDataset({ seed: 42 });
    const sink = new StoreSink(db.orm, 'plexus');
    for (let i = 0; i < events.length; i += 2000) await sink.apply(events.slice(i, i + 2000));
    await closeORM(store);
    console.log(
      `store: ${fmt(events.length)} events (seed 42); answer timeout ${values.timeout} s`,
    );

    const only = values.only?.split(',');
    const mb = (bytes: number) => fmt(bytes / (1 << 20), 0);
    const rows = [
      ['attack', 'answer', 'ms', 'bytes', '/health ms', 'RSS MB before → after (peak)'],
    ];
    for (const attack of attacks.filter((a) => !only || only.includes(a.name))) {
      const r = await measure(store, attack);
      rows.push([
        `${attack.name}: ${attack.what}`,
        r.status,
        fmt(r.ms, 0),
        fmt(r.bytes),
        r.health,
        `${mb(r.before.rss)} → ${mb(r.after.rss)} (${mb(r.after.peak)})`,
      ]);
      console.error(`  ${attack.name}: ${r.status}, ${fmt(r.ms, 0)} ms`);
    }
    const widths = rows[0]!.map((_, i) => Math.max(...rows.map((row) => row[i]!.length)));
    const line = (row: string[]) => `| ${row.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log(line(rows[0]!));
    console.log(`| ${widths.map((w) => '-'.repeat(w)).join(' | ')} |`);
    for (const row of rows.slice(1)) console.log(line(row));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// The child: one embedded gateway over the store at --serve, its URL sent to the parent.
if (values.serve) {
  const db = await initORM(values.serve, { migrate: false });
  const gateway = await startGateway({
    port: 0,
    logger,
    subgraphs: createSubgraphSchemas(db.orm.em, { logger }),
    // The attacks come from a caller holding every scope: what a query may cost is measured here,
    // not who may send it.
    authenticate: async () => ({ ok: true, caller: { id: 'bench', scopes: new Set(scopeNames) } }),
  });
  process.send?.({ url: gateway.url });
  process.on('disconnect', () => process.exit(0));
} else {
  await main();
}
