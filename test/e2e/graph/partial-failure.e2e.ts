// Distributed shape: three subgraphs over HTTP (startSubgraph), the CRM one down. The gateway
// answers with partial data and a SUBGRAPH_UNAVAILABLE error, and keeps serving.
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningGateway } from '../../../gateway/server';
import { startSubgraph, type RunningSubgraph } from '../../../subgraphs/server';
import { customerId, seedCustomer360 } from './fixture';
import { openStore, query, quiet, startGraph, subgraphSecret, type Store } from './harness';

/** A loopback port that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

describe('a subgraph that is down', () => {
  let store: Store;
  let gateway: RunningGateway;
  const subgraphs: RunningSubgraph[] = [];
  let crmUrl: string;

  beforeAll(async () => {
    store = await openStore('sqlite');
    await seedCustomer360(store.db.orm.em, 2);
    for (const name of ['shopify', 'erp', 'accounting'] as const) {
      subgraphs.push(
        await startSubgraph(name, {
          em: store.db.orm.em,
          port: 0,
          logger: quiet,
          secret: subgraphSecret,
        }),
      );
    }
    crmUrl = `http://127.0.0.1:${await closedPort()}/graphql`;
    gateway = await startGraph(store.db, {
      subgraphs: {
        ...Object.fromEntries(subgraphs.map((s) => [s.name, s.url])),
        crm: crmUrl,
      },
      subgraphTimeoutMs: 2_000,
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await Promise.all(subgraphs.map((s) => s.stop()));
    await store?.close();
  });

  const customer360 = `query ($id: ID!) {
    customer(id: $id) {
      email
      crm { lifecycleStage }
      erp { number }
      accounting { openBalance { amount } }
      orders(first: 1) { nodes { name lineItems { variant { stock { available } } } } }
    }
  }`;

  it('answers with the data of the others plus an error naming the subgraph', async () => {
    const result = await query(gateway.url, customer360, { id: customerId });
    expect(result.data).toEqual({
      customer: {
        email: 'ada@example.com',
        crm: null,
        erp: { number: 'C00010' },
        accounting: { openBalance: { amount: '80.00' } },
        orders: {
          nodes: [
            {
              name: '#1002',
              lineItems: [
                { variant: { stock: [{ available: 4 }, { available: 7 }] } },
                { variant: { stock: [{ available: 2 }] } },
              ],
            },
          ],
        },
      },
    });
    expect(result.errors).toHaveLength(1);
    expect(result.errors?.[0]).toMatchObject({
      message: 'Subgraph "crm" is unavailable',
      extensions: { code: 'SUBGRAPH_UNAVAILABLE', serviceName: 'crm' },
    });
    // Where the subgraph lives is for the operator's log, not for the client.
    expect(JSON.stringify(result.errors)).not.toContain(crmUrl);
  });

  it('keeps serving, and reports the outage on readiness only when asked', async () => {
    const again = await query(gateway.url, `{ customers(first: 1) { totalCount } }`);
    expect(again.errors).toBeUndefined();
    expect(again.data).toEqual({ customers: { totalCount: 1 } });

    const health = await fetch(gateway.url.replace('/graphql', '/health'));
    expect(health.status).toBe(200);
    const ready = await fetch(gateway.url.replace('/graphql', '/ready'));
    expect(ready.status).toBe(200);
    const strict = await fetch(gateway.url.replace('/graphql', '/ready?subgraphs=all'));
    expect(strict.status).toBe(503);
    const body = (await strict.json()) as { subgraphs: { name: string; up: boolean }[] };
    expect(body.subgraphs.find((s) => s.name === 'crm')?.up).toBe(false);
    expect(body.subgraphs.filter((s) => s.up).map((s) => s.name)).toEqual([
      'shopify',
      'erp',
      'accounting',
    ]);
  });

  it('serves subgraph health and readiness', async () => {
    for (const subgraph of subgraphs) {
      const ready = await fetch(subgraph.url.replace('/graphql', '/ready'));
      expect(ready.status).toBe(200);
    }
  });

  it('serves the IDE from node_modules, with no CDN', async () => {
    const page = await fetch(gateway.url.replace('/graphql', '/ide/'));
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('AltairGraphQL.init');
    expect(html).toContain('/graphql');
    expect(html).not.toMatch(/<script[^>]+src="https?:/);
    const script = /<script type="module" src="([^"]+)"/.exec(html)?.[1];
    expect(script).toBeDefined();
    const asset = await fetch(new URL(`/ide/${script}`, gateway.url));
    expect(asset.status).toBe(200);
    expect(asset.headers.get('content-type')).toContain('javascript');
    const escape = await fetch(new URL('/ide/..%2f..%2fpackage.json', gateway.url));
    expect(escape.status).toBe(404);
  });
});
