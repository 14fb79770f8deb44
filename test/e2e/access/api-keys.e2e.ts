// API keys end to end: created in the store, presented to the embedded gateway, scoped, revoked.
// A caller without a scope gets that field null with a FORBIDDEN error, and the rest served.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAuthenticator } from '../../../lib/auth/authenticate';
import type { RunningGateway } from '../../../gateway/server';
import {
  createApiKey,
  listApiKeys,
  revokeApiKeys,
  verifyApiKey,
} from '../../../store/auth/api-keys';
import { customerId, seedCustomer360 } from '../graph/fixture';
import { openStore, startGraph, type GraphResponse, type Store } from '../graph/harness';

async function ask(
  url: string,
  headers: Record<string, string>,
  source: string,
): Promise<{ status: number; body: GraphResponse }> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: source, variables: { id: customerId } }),
  });
  return { status: response.status, body: (await response.json()) as GraphResponse };
}

const customerQuery = `query ($id: ID!) {
  customer(id: $id) { id email updatedAt accounting { openBalance { amount } } crm { lifecycleStage } }
}`;

describe('API keys', () => {
  let store: Store;
  let gateway: RunningGateway;

  beforeAll(async () => {
    store = await openStore('sqlite');
    await seedCustomer360(store.db.orm.em, 1);
    gateway = await startGraph(store.db, {
      // No cache, so a revocation shows on the next request.
      authenticate: createAuthenticator({
        verifyApiKey: (key) => verifyApiKey(store.db.orm.em, key),
        keyCacheMs: 0,
      }),
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await store?.close();
  });

  it('refuses a request without credentials, or with an unknown key, with 401', async () => {
    const attempts: Record<string, string>[] = [
      {},
      { authorization: 'Bearer plx_AAAAAAAAAAAA_' + 'A'.repeat(43) },
      { authorization: 'Bearer not-a-key' },
      { 'x-plexus-key': 'plx_nope' },
    ];
    for (const headers of attempts) {
      const { status, body } = await ask(gateway.url, headers, '{ __typename }');
      expect(status, JSON.stringify(headers)).toBe(401);
      expect(body.errors?.[0]?.extensions?.code).toBe('UNAUTHENTICATED');
    }
  });

  it('serves what the key may see and nulls the rest with FORBIDDEN naming the scope', async () => {
    const { key } = await createApiKey(store.db.orm.em, 'support', ['customers:read', 'crm:read']);
    const { status, body } = await ask(
      gateway.url,
      { authorization: `Bearer ${key}` },
      customerQuery,
    );
    expect(status).toBe(200);
    expect(body.data).toEqual({
      customer: {
        id: customerId,
        email: null,
        updatedAt: expect.any(String),
        accounting: null,
        crm: { lifecycleStage: expect.any(String) },
      },
    });
    const refused = (body.errors ?? []).map((e) => ({
      path: e.path?.join('.'),
      code: e.extensions?.code,
      message: e.message,
    }));
    expect(refused).toEqual(
      expect.arrayContaining([
        { path: 'customer.email', code: 'FORBIDDEN', message: expect.stringContaining('pii:read') },
        {
          path: 'customer.accounting',
          code: 'FORBIDDEN',
          message: expect.stringContaining('finance:read'),
        },
      ]),
    );
    expect(refused).toHaveLength(2);
  });

  it('accepts X-Plexus-Key, records the last use, and refuses the key once revoked', async () => {
    const { key, info } = await createApiKey(store.db.orm.em, 'etl', ['customers:read']);
    expect((await ask(gateway.url, { 'x-plexus-key': key }, '{ __typename }')).status).toBe(200);
    const used = (await listApiKeys(store.db.orm.em)).find((row) => row.id === info.id);
    expect(used?.lastUsedAt).toBeInstanceOf(Date);

    expect(await revokeApiKeys(store.db.orm.em, info.id)).toHaveLength(1);
    expect((await ask(gateway.url, { 'x-plexus-key': key }, '{ __typename }')).status).toBe(401);
  });

  it('refuses a key whose secret part was changed', async () => {
    const { key } = await createApiKey(store.db.orm.em, 'tampered', ['customers:read']);
    const last = key.at(-1) === 'A' ? 'B' : 'A';
    const tampered = key.slice(0, -1) + last;
    expect(
      (await ask(gateway.url, { authorization: `Bearer ${tampered}` }, '{ __typename }')).status,
    ).toBe(401);
  });
});
