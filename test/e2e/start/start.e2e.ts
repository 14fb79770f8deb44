// `plexus start` as a newcomer meets it: one process, SQLite, the in-process stream, and the four
// vendor sandboxes feeding the demo through the real connectors. Run as a child process, on free
// ports, in a temporary directory; stopped with SIGTERM.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../../helpers/kafka';

const cli = fileURLToPath(new URL('../../../bin/plexus.js', import.meta.url));
const SOURCES = ['ACCOUNTING', 'CRM', 'ERP', 'SHOPIFY'];

interface Customers {
  totalCount: number;
  nodes: { email: string | null; identities: { source: string }[] }[];
}

// The demo key the banner prints.
let key = '';

async function graphql<T>(url: string, query: string): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query }),
  });
  const body = (await response.json()) as { data?: T; errors?: { message: string }[] };
  if (!body.data || body.errors?.length) {
    throw new Error(`GraphQL errors: ${JSON.stringify(body.errors)}`);
  }
  return body.data;
}

const ORDER_COUNT = '{ orders(first: 1) { totalCount } }';
const orderCount = async (url: string) =>
  (await graphql<{ orders: { totalCount: number } }>(url, ORDER_COUNT)).orders.totalCount;

describe('plexus start (embedded: SQLite, in-process stream, four sandboxes and connectors)', () => {
  let dir: string;
  let child: ChildProcess;
  let output = '';
  let url: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plexus-start-'));
    // The embedded default: no broker, even where the test run itself has one.
    const { KAFKA_BROKERS: _kafka, TOPIC_NAMESPACE: _ns, ...inherited } = process.env;
    child = spawn(process.execPath, [cli, 'start'], {
      cwd: dir,
      env: {
        ...inherited,
        DATABASE_URL: `sqlite://${join(dir, 'plexus.sqlite')}`,
        GATEWAY_PORT: '0',
        INGRESS_PORT: '0',
        SANDBOX_SHOPIFY_PORT: '0',
        SANDBOX_ERP_PORT: '0',
        SANDBOX_CRM_PORT: '0',
        SANDBOX_ACCOUNTING_PORT: '0',
        DEMO: 'true',
        DEMO_CHANGES_PER_SECOND: '4',
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    url = await waitFor(() => /GraphQL: +(http:\/\/\S+)/.exec(output)?.[1], {
      timeoutMs: 60_000,
    });
    key = await waitFor(() => /API key: +(plx_\S+)/.exec(output)?.[1], { timeoutMs: 10_000 });
  }, 70_000);

  it('prints a demo key, pre-fills it in the IDE, and refuses requests without it', async () => {
    const ide = await (await fetch(url.replace(/graphql$/, 'ide/'))).text();
    expect(ide).toContain(key);
    const anonymous = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: ORDER_COUNT }),
    });
    expect(anonymous.status).toBe(401);
  });

  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGKILL');
    }
    rmSync(dir, { recursive: true, force: true });
  });

  it('serves customers known to all four systems, merged into one customer each', async () => {
    const query = `{ customers(first: 100) { totalCount nodes { email identities { source } } } }`;
    const merged = await waitFor(
      async () => {
        const { customers } = await graphql<{ customers: Customers }>(url, query);
        const full = customers.nodes.filter((c) =>
          SOURCES.every((s) => c.identities.some((i) => i.source === s)),
        );
        return full.length >= 5 ? full : undefined;
      },
      { timeoutMs: 120_000, intervalMs: 1_000 },
    );
    for (const customer of merged) {
      expect([...new Set(customer.identities.map((i) => i.source))].sort()).toEqual(SOURCES);
    }
  }, 130_000);

  it('keeps live changes from the sandboxes flowing into the graph', async () => {
    const before = await orderCount(url);
    await waitFor(async () => ((await orderCount(url)) > before ? true : undefined), {
      timeoutMs: 60_000,
      intervalMs: 1_000,
    });
  }, 70_000);

  it('stops cleanly on SIGTERM', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    // On failure, the log's tail names the part that held the shutdown past its deadline.
    expect(await exited, output.slice(-4000)).toBe(0);
  }, 30_000);
});
