// The gateway caps the GraphQL requests running at once, per caller (429) and overall (503), with
// Retry-After, instead of queueing without bound. Requests are held in flight by subgraphs that
// answer only when the test says so, so what is running is known exactly, at any machine speed.
import { once } from 'node:events';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startGateway, type RunningGateway } from '../../../gateway/server';
import { subgraphNames } from '../../../schema/subgraphs/index';
import { waitFor } from '../../helpers/kafka';
import { credentialFor, quiet, subgraphSecret, testAuthenticate } from './harness';

/** One HTTP server standing in for every subgraph; it answers what it holds on `releaseAll`. */
async function heldSubgraphs() {
  const held: ServerResponse[] = [];
  const server: Server = createServer((request: IncomingMessage, response: ServerResponse) => {
    request.resume();
    request.on('end', () => held.push(response));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return {
    url: `http://127.0.0.1:${address.port}/graphql`,
    held: () => held.length,
    releaseAll() {
      for (const response of held.splice(0)) {
        response.setHeader('content-type', 'application/json');
        response.end(JSON.stringify({ data: { customers: { nodes: [] } } }));
      }
    },
    async close() {
      this.releaseAll();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

/** A different caller per scope list: testAuthenticate names the caller after its scopes. */
const callers = {
  a: credentialFor(['customers:read']),
  b: credentialFor(['customers:read', 'orders:read']),
  c: credentialFor(['customers:read', 'crm:read']),
};

function ask(url: string, credential: string) {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}` },
    body: JSON.stringify({ query: '{ customers(first: 1) { nodes { id } } }' }),
  }).then(async (response) => ({
    status: response.status,
    retryAfter: response.headers.get('retry-after'),
    code: ((await response.json()) as { errors?: { extensions?: { code?: string } }[] }).errors?.[0]
      ?.extensions?.code,
  }));
}

describe('gateway requests in flight', () => {
  let subgraphs: Awaited<ReturnType<typeof heldSubgraphs>>;
  let gateway: RunningGateway;

  beforeAll(async () => {
    subgraphs = await heldSubgraphs();
    gateway = await startGateway({
      port: 0,
      logger: quiet,
      authenticate: testAuthenticate,
      subgraphSecret,
      subgraphs: Object.fromEntries(subgraphNames.map((name) => [name, subgraphs.url])),
      // Held requests must outlive the test's own waits, however slow the machine.
      subgraphTimeoutMs: 120_000,
      inFlight: { maxInFlight: 3, maxInFlightPerCaller: 2 },
    });
  });
  afterAll(async () => {
    await subgraphs?.close();
    await gateway?.stop();
  });

  it('refuses a caller past its cap with 429 and everyone past the total with 503', async () => {
    const running = [ask(gateway.url, callers.a), ask(gateway.url, callers.a)];
    await waitFor(() => subgraphs.held() === 2, { timeoutMs: 30_000 });
    // Caller a has its two; a third of its requests is refused at once, the others still run.
    expect(await ask(gateway.url, callers.a)).toEqual({
      status: 429,
      retryAfter: '1',
      code: 'TOO_MANY_IN_FLIGHT',
    });

    running.push(ask(gateway.url, callers.b));
    await waitFor(() => subgraphs.held() === 3, { timeoutMs: 30_000 });
    // Three running: the gateway is full for a caller that has nothing running.
    expect(await ask(gateway.url, callers.c)).toEqual({
      status: 503,
      retryAfter: '1',
      code: 'OVERLOADED',
    });

    subgraphs.releaseAll();
    for (const answer of await Promise.all(running)) expect(answer.status).toBe(200);

    // The slots are given back: caller a may run two again.
    const again = [ask(gateway.url, callers.a), ask(gateway.url, callers.a)];
    await waitFor(() => subgraphs.held() === 2, { timeoutMs: 30_000 });
    subgraphs.releaseAll();
    for (const answer of await Promise.all(again)) expect(answer.status).toBe(200);
  });

  it('counts the refusals on /metrics', async () => {
    const metrics = await (await fetch(gateway.url.replace('/graphql', '/metrics'))).text();
    expect(metrics).toMatch(/plexus_gateway_refused_total\{code="TOO_MANY_IN_FLIGHT"\} [1-9]/);
    expect(metrics).toMatch(/plexus_gateway_refused_total\{code="OVERLOADED"\} [1-9]/);
  });
});
