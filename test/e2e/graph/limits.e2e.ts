// The attacks of issue 11 against the embedded gateway over SQLite: each is refused before it runs,
// with its own code. Assertions are on codes and sizes, never on time.
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex, TrustedDocuments } from '../../../gateway/documents';
import { defaultQueryLimits } from '../../../gateway/query-guard';
import {
  defaultCostBucket,
  type GatewayOptions,
  type RunningGateway,
} from '../../../gateway/server';
import { seedCustomer360 } from './fixture';
import { credentialFor, openStore, startGraph, type Store } from './harness';

interface Answer {
  status: number;
  bytes: number;
  headers: Headers;
  body: {
    data?: unknown;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
    extensions?: { cost?: Record<string, unknown> };
  };
}

/** Every caller here may see everything: these tests are about what a query may cost. */
const authorization = `Bearer ${credentialFor()}`;

async function post(url: string, body: unknown): Promise<Answer> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return {
    status: response.status,
    bytes: text.length,
    headers: response.headers,
    body: JSON.parse(text) as Answer['body'],
  };
}

const codeOf = (answer: Answer) => answer.body.errors?.[0]?.extensions?.code;

const nested = (levels: number) =>
  `{ customers(first: 1) { nodes { ${'orders(first: 1) { nodes { customer { '.repeat(levels)}id ${'} } } '.repeat(levels)}} } }`;
const aliases = (count: number, field: string) =>
  `{ ${Array.from({ length: count }, (_, i) => `a${i}: ${field}`).join(' ')} }`;
// One customer with five orders: requested and actual cost are both 1 + 1 × (1 + 1 + 5) = 8.
const eightPoints = '{ customers(first: 1) { nodes { orders(first: 5) { nodes { name } } } } }';

describe('a gateway that prices every query before it runs', () => {
  let store: Store;
  const gateways: RunningGateway[] = [];
  let gateway: RunningGateway;
  const start = async (options: Partial<GatewayOptions> = {}) => {
    const started = await startGraph(store.db, {
      queryLimits: defaultQueryLimits,
      costBucket: defaultCostBucket,
      ...options,
    });
    gateways.push(started);
    return started;
  };

  beforeAll(async () => {
    store = await openStore('sqlite');
    await seedCustomer360(store.db.orm.em, 5);
    gateway = await start();
  });

  afterAll(async () => {
    await Promise.all(gateways.map((g) => g.stop()));
    await store?.close();
  });

  it("reports Shopify's extensions.cost on every answer", async () => {
    const answer = await post(gateway.url, { query: eightPoints });
    expect(answer.status).toBe(200);
    expect(answer.body.extensions?.cost).toMatchObject({
      requestedQueryCost: 8,
      actualQueryCost: 8,
      throttleStatus: { maximumAvailable: 2000, restoreRate: 100 },
    });
  });

  it('refuses 500 levels of customer → orders → customer while parsing', async () => {
    const answer = await post(gateway.url, { query: nested(500) });
    expect([answer.status, codeOf(answer)]).toEqual([400, 'MAX_TOKENS_EXCEEDED']);
  });

  it('refuses nesting past the depth limit', async () => {
    const answer = await post(gateway.url, { query: nested(20) });
    expect([answer.status, codeOf(answer)]).toEqual([400, 'MAX_DEPTH_EXCEEDED']);
  });

  it('refuses a 1 MB document of aliases at the body limit, and a smaller one at the size limit', async () => {
    const huge = await post(gateway.url, { query: aliases(60_000, '__typename') });
    expect([huge.status, codeOf(huge)]).toEqual([413, 'BODY_TOO_LARGE']);
    const large = await post(gateway.url, { query: aliases(10_000, '__typename') });
    expect([large.status, codeOf(large)]).toEqual([400, 'DOCUMENT_TOO_LARGE']);
  });

  it('refuses 500 aliases of customers(first: 100), and prices the few that fit', async () => {
    const wide = await post(gateway.url, {
      // The 40 KB document.
      query: aliases(500, 'customers(first: 100) { nodes { id email firstName lastName } }'),
    });
    expect([wide.status, codeOf(wide)]).toEqual([400, 'DOCUMENT_TOO_LARGE']);
    const many = await post(gateway.url, { query: aliases(31, '__typename') });
    expect([many.status, codeOf(many)]).toEqual([400, 'MAX_ALIASES_EXCEEDED']);
    const costly = await post(gateway.url, {
      query: aliases(20, 'customers(first: 100) { nodes { id } }'),
    });
    expect([costly.status, codeOf(costly)]).toEqual([400, 'MAX_COST_EXCEEDED']);
    expect(costly.body.extensions?.cost).toMatchObject({ requestedQueryCost: 20 * 101 });
    expect(costly.bytes).toBeLessThan(1_000);
  });

  it('counts refusals by code on /metrics', async () => {
    await post(gateway.url, { query: 'mutation { wipe }' });
    const metrics = await (await fetch(new URL('/metrics', gateway.url))).text();
    expect(metrics).toMatch(/plexus_gateway_refused_total\{code="OPERATION_NOT_SUPPORTED"\} [1-9]/);
  });

  it('refuses a 10 MB body', async () => {
    const answer = await post(gateway.url, {
      query: '{ __typename }',
      variables: { pad: 'x'.repeat(10 << 20) },
    });
    expect([answer.status, codeOf(answer)]).toEqual([413, 'BODY_TOO_LARGE']);
  });

  it('answers mutations, subscriptions and unknown operation names with 400', async () => {
    const mutation = await post(gateway.url, { query: 'mutation { deleteEverything }' });
    expect([mutation.status, codeOf(mutation)]).toEqual([400, 'OPERATION_NOT_SUPPORTED']);
    expect(mutation.body.errors?.[0]?.message).toMatch(/no mutations/);
    const subscription = await post(gateway.url, { query: 'subscription { changes }' });
    expect([subscription.status, codeOf(subscription)]).toEqual([400, 'OPERATION_NOT_SUPPORTED']);
    const unknown = await post(gateway.url, {
      query: 'query A { __typename }',
      operationName: 'B',
    });
    expect([unknown.status, codeOf(unknown)]).toEqual([400, 'OPERATION_RESOLUTION_FAILURE']);
  });

  it('prices GET requests the same way', async () => {
    const url = new URL(gateway.url);
    url.searchParams.set('query', eightPoints);
    const response = await fetch(url, {
      headers: { 'apollo-require-preflight': 'true', authorization },
    });
    const body = (await response.json()) as Answer['body'];
    expect(response.status).toBe(200);
    expect(body.extensions?.cost).toMatchObject({ requestedQueryCost: 8 });
  });

  it('refuses a Host it does not serve, but not on /health', async () => {
    const call = (path: string) =>
      new Promise<number>((resolve, reject) => {
        const req = httpRequest(
          new URL(path, gateway.url),
          { headers: { host: 'attacker.example' } },
          (res) => {
            res.resume();
            resolve(res.statusCode ?? 0);
          },
        );
        req.on('error', reject);
        req.end();
      });
    expect(await call('/graphql?query=%7B__typename%7D')).toBe(421);
    expect(await call('/health')).toBe(200);
  });

  it('keeps introspection and field suggestions off unless enabled', async () => {
    const introspection = await post(gateway.url, { query: '{ __schema { queryType { name } } }' });
    expect(introspection.status).toBe(400);
    const typo = await post(gateway.url, { query: '{ customers { nodes { emal } } }' });
    expect(typo.body.errors?.[0]?.message).not.toMatch(/Did you mean/);

    const open = await start({ introspection: true });
    const allowed = await post(open.url, { query: '{ __schema { queryType { name } } }' });
    expect(allowed.body.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
    const suggested = await post(open.url, { query: '{ customers { nodes { emal } } }' });
    expect(suggested.body.errors?.[0]?.message).toMatch(/Did you mean "email"/);
  });

  it('sends security headers with the IDE', async () => {
    const response = await fetch(new URL('/ide/', gateway.url));
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toMatch(/frame-ancestors 'self'/);
  });

  it('throttles a caller whose bucket is empty, with the time to wait', async () => {
    // A stopped clock: the bucket never refills, so the wait is exact.
    const small = await start({
      costBucket: { maximumAvailable: 20, restoreRate: 2, now: () => 0 },
    });
    expect((await post(small.url, { query: eightPoints })).status).toBe(200);
    const second = await post(small.url, { query: eightPoints });
    expect(second.body.extensions?.cost).toMatchObject({
      throttleStatus: { currentlyAvailable: 4, maximumAvailable: 20, restoreRate: 2 },
    });
    const throttled = await post(small.url, { query: eightPoints });
    expect([throttled.status, codeOf(throttled)]).toEqual([200, 'THROTTLED']);
    // 4 points short at 2 a second.
    expect(throttled.body.errors?.[0]?.extensions?.retryAfterMs).toBe(2_000);
    expect(throttled.headers.get('retry-after')).toBe('2');
    expect(throttled.body.extensions?.cost).toMatchObject({
      requestedQueryCost: 8,
      actualQueryCost: null,
    });
    expect(throttled.body.data).toBeUndefined();
  });

  it('runs only the trusted documents when given a manifest', async () => {
    const trusted = await start({
      trustedDocuments: new TrustedDocuments([['customers', eightPoints]]),
    });
    expect((await post(trusted.url, { query: eightPoints })).status).toBe(200);
    const byId = await post(trusted.url, { documentId: 'customers' });
    expect(byId.body.extensions?.cost).toMatchObject({ actualQueryCost: 8 });
    const byApq = await post(trusted.url, {
      extensions: { persistedQuery: { version: 1, sha256Hash: sha256Hex(eightPoints) } },
    });
    expect(byApq.status).toBe(200);
    const other = await post(trusted.url, { query: '{ customers(first: 1) { nodes { id } } }' });
    expect([other.status, codeOf(other)]).toEqual([400, 'TRUSTED_DOCUMENT_REQUIRED']);
  });

  it('accepts Automatic Persisted Queries otherwise', async () => {
    const sha256Hash = sha256Hex(eightPoints);
    const extensions = { persistedQuery: { version: 1, sha256Hash } };
    expect(codeOf(await post(gateway.url, { extensions }))).toBe('PERSISTED_QUERY_NOT_FOUND');
    expect((await post(gateway.url, { query: eightPoints, extensions })).status).toBe(200);
    const again = await post(gateway.url, { extensions });
    expect(again.body.extensions?.cost).toMatchObject({ requestedQueryCost: 8 });
  });

  it('hangs up on a client that sends its headers too slowly', async () => {
    const strict = await start({
      server: { headersTimeoutMs: 300, requestTimeoutMs: 600, checkIntervalMs: 50 },
    });
    const { hostname, port } = new URL(strict.url);
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(port), hostname);
      let received = '';
      // Never finishes its headers.
      socket.write(`POST /graphql HTTP/1.1\r\nHost: ${hostname}:${port}\r\nX-Slow: a`);
      socket.on('data', (chunk) => (received += chunk.toString()));
      socket.on('close', () => resolve(received));
    });
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
  });
});
