// A subgraph over HTTP answers only calls the gateway signed: a direct call, a token of another
// secret, another subgraph or another body gets 401; a signed one is served with its scopes.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callerTokenHeader, signCallerToken } from '../../../lib/auth/subgraph-token';
import { startSubgraph, type RunningSubgraph } from '../../../subgraphs/server';
import { customerId, seedCustomer360 } from '../graph/fixture';
import { openStore, quiet, subgraphSecret, type Store } from '../graph/harness';

const body = JSON.stringify({
  query: `query ($id: ID!) { customer(id: $id) { id email } }`,
  variables: { id: customerId },
});
const caller = (...scopes: string[]) => ({ id: 'test', scopes: new Set(scopes) });

describe('a subgraph over HTTP', () => {
  let store: Store;
  let subgraph: RunningSubgraph;

  beforeAll(async () => {
    store = await openStore('sqlite');
    await seedCustomer360(store.db.orm.em, 1);
    subgraph = await startSubgraph('shopify', {
      em: store.db.orm.em,
      port: 0,
      logger: quiet,
      secret: subgraphSecret,
    });
  });
  afterAll(async () => {
    await subgraph?.stop();
    await store?.close();
  });

  const post = (headers: Record<string, string>, sent = body) =>
    fetch(subgraph.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: sent,
    });

  it('refuses a direct call, and GET altogether', async () => {
    expect((await post({})).status).toBe(401);
    const get = await fetch(`${subgraph.url}?query=${encodeURIComponent('{ __typename }')}`);
    expect(get.status).toBe(404);
  });

  it('refuses a token of another secret, subgraph or body', async () => {
    const tokens = {
      'other secret': await signCallerToken('x'.repeat(64), {
        caller: caller('customers:read'),
        subgraph: 'shopify',
        body,
      }),
      'other subgraph': await signCallerToken(subgraphSecret, {
        caller: caller('customers:read'),
        subgraph: 'crm',
        body,
      }),
      'other body': await signCallerToken(subgraphSecret, {
        caller: caller('customers:read'),
        subgraph: 'shopify',
        body: body.replace('email', 'phone'),
      }),
      expired: await signCallerToken(subgraphSecret, {
        caller: caller('customers:read'),
        subgraph: 'shopify',
        body,
        now: new Date(Date.now() - 120_000),
      }),
    };
    for (const [name, token] of Object.entries(tokens)) {
      expect((await post({ [callerTokenHeader]: token })).status, name).toBe(401);
    }
  });

  it('serves a signed call with the scopes it carries', async () => {
    const token = await signCallerToken(subgraphSecret, {
      caller: caller('customers:read'),
      subgraph: 'shopify',
      body,
    });
    const response = await post({ [callerTokenHeader]: token });
    expect(response.status).toBe(200);
    const result = (await response.json()) as {
      data: unknown;
      errors: { extensions: { code: string; requiredScopes: string[] } }[];
    };
    expect(result.data).toEqual({ customer: { id: customerId, email: null } });
    expect(result.errors.map((e) => e.extensions)).toEqual([
      { code: 'FORBIDDEN', requiredScopes: ['pii:read'] },
    ]);
  });
});
