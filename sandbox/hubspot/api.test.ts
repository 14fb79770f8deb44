import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubSpotSandbox, type HubSpotSandbox } from './index';
import { hs, type Obj } from './testing';

let sb: HubSpotSandbox;
beforeAll(async () => {
  sb = await startHubSpotSandbox({
    port: 0,
    contacts: 120,
    companies: 10,
    deals: 20,
    searchResultCap: 50,
    searchRequestsPerSecond: 1000,
    rateLimit: { requests: 10_000, windowSeconds: 10 },
  });
});
afterAll(async () => {
  await sb.close();
});

describe('HubSpot sandbox: private-app auth', () => {
  it('refuses a wrong token with HubSpot body and serves the right one', async () => {
    const wrong = await hs(sb, '/crm/v3/objects/contacts', { token: 'pat-wrong' });
    expect(wrong.status).toBe(401);
    expect(wrong.body).toMatchObject({ status: 'error', category: 'INVALID_AUTHENTICATION' });
    const right = await hs(sb, '/crm/v3/objects/contacts');
    expect(right.status).toBe(200);
    expect(right.headers.get('x-hubspot-ratelimit-max')).toBe('10000');
  });
});

describe('HubSpot sandbox: lists, properties and associations', () => {
  it('pages contacts with limit/after, each once, with the default properties', async () => {
    const ids: string[] = [];
    let after: string | undefined;
    do {
      const res = await hs(
        sb,
        `/crm/v3/objects/contacts?limit=100${after ? `&after=${after}` : ''}`,
      );
      const results = res.body.results as Obj[];
      ids.push(...results.map((o) => o.id));
      expect(Object.keys(results[0]?.properties ?? {}).sort()).toEqual([
        'createdate',
        'email',
        'firstname',
        'hs_object_id',
        'lastmodifieddate',
        'lastname',
      ]);
      after = (res.body.paging as { next?: { after: string } } | undefined)?.next?.after;
    } while (after);
    expect(ids).toHaveLength(120);
    expect(new Set(ids).size).toBe(120);
    const tooMany = await hs(sb, '/crm/v3/objects/contacts?limit=101');
    expect(tooMany.status).toBe(400);
  });

  it('selects properties and serves associations on read and through v4', async () => {
    const deal = sb.store.live('deals')[0];
    if (!deal) throw new Error('no deal');
    const res = await hs(
      sb,
      `/crm/v3/objects/deals/${deal.id}?properties=dealname,amount&associations=contacts`,
    );
    const body = res.body as unknown as Obj;
    expect(Object.keys(body.properties).sort()).toEqual(['amount', 'dealname']);
    const repeated = await hs(
      sb,
      `/crm/v3/objects/deals/${deal.id}?properties=amount&properties=pipeline`,
    );
    expect(Object.keys((repeated.body as unknown as Obj).properties).sort()).toEqual([
      'amount',
      'pipeline',
    ]);
    const contactId = body.associations?.contacts?.results[0]?.id;
    expect(body.associations?.contacts?.results[0]?.type).toBe('deal_to_contact');
    const v4 = await hs(sb, `/crm/v4/objects/contacts/${contactId}/associations/deals`);
    expect(v4.body.results).toContainEqual({
      toObjectId: Number(deal.id),
      associationTypes: [{ category: 'HUBSPOT_DEFINED', typeId: 4, label: null }],
    });
  });

  it('batch-reads up to 100 ids, with 207 for the missing', async () => {
    const [a, b] = sb.store.live('companies');
    const res = await hs(sb, '/crm/v3/objects/companies/batch/read', {
      body: { inputs: [{ id: a?.id }, { id: b?.id }, { id: '999999' }], properties: ['name'] },
    });
    expect(res.status).toBe(207);
    expect((res.body.results as Obj[]).map((o) => o.id).sort()).toEqual([a?.id, b?.id].sort());
    expect(res.body).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
  });
});

describe('HubSpot sandbox: v4 batch associations', () => {
  const read = (from: string, to: string, inputs: { id: string }[]) =>
    hs(sb, `/crm/v4/associations/${from}/${to}/batch/read`, { body: { inputs } });

  it('answers every id in one request, 207 with an error entry for ids with none', async () => {
    const deals = sb.store.live('deals');
    const before = sb.stats.associationBatchReads;
    const res = await read('deals', 'contacts', [
      ...deals.map((d) => ({ id: d.id })),
      { id: '999999' },
    ]);
    expect(res.status).toBe(207);
    expect(sb.stats.associationBatchReads).toBe(before + 1);
    const results = res.body.results as {
      from: { id: string };
      to: { toObjectId: number; associationTypes: unknown[] }[];
    }[];
    const served = new Map(results.map((r) => [r.from.id, r.to.map((t) => String(t.toObjectId))]));
    for (const d of deals) {
      const ids = sb.store.associated('deals', d.id, 'contacts');
      expect(served.get(d.id) ?? []).toEqual(ids);
    }
    expect(results[0]?.to[0]?.associationTypes).toEqual([
      { category: 'HUBSPOT_DEFINED', typeId: 3, label: null },
    ]);
    expect(res.body).toMatchObject({ status: 'COMPLETE', numErrors: 1 });
    expect(res.body.errors).toEqual([
      expect.objectContaining({
        status: 'error',
        category: 'OBJECT_NOT_FOUND',
        context: { fromObjectId: ['999999'] },
      }),
    ]);
  });

  it('answers 200 when every id has associations', async () => {
    const linked = sb.store
      .live('contacts')
      .filter((c) => sb.store.associated('contacts', c.id, 'companies').length > 0)
      .slice(0, 3);
    expect(linked.length).toBeGreaterThan(0);
    const res = await read(
      'contacts',
      'companies',
      linked.map((c) => ({ id: c.id })),
    );
    expect(res.status).toBe(200);
    expect(results(res).map((r) => r.from.id)).toEqual(linked.map((c) => c.id));
    expect(res.body.errors).toBeUndefined();
  });

  it('refuses more than 1000 inputs with a HubSpot-shaped 400 and serves nothing', async () => {
    const before = sb.stats.associationBatchReads;
    const inputs = Array.from({ length: 1001 }, (_, i) => ({ id: String(i + 1) }));
    const res = await read('contacts', 'companies', inputs);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
    expect(sb.stats.associationBatchReads).toBe(before);
    expect((await read('contacts', 'companies', inputs.slice(0, 1000))).status).toBe(207);
  });
});

function results(res: { body: Record<string, unknown> }) {
  return res.body.results as { from: { id: string } }[];
}

describe('HubSpot sandbox: search on lastmodifieddate', () => {
  it('filters GTE/LT on lastmodifieddate, sorts, and pages with after', async () => {
    const since = sb.store.clock.tick();
    const [c1, c2] = sb.store.live('contacts');
    sb.store.update('contacts', c2?.id ?? '', { phone: '+15551112222' });
    sb.store.update('contacts', c1?.id ?? '', { phone: '+15553334444' });
    const res = await hs(sb, '/crm/v3/objects/contacts/search', {
      body: {
        filterGroups: [
          {
            filters: [{ propertyName: 'lastmodifieddate', operator: 'GTE', value: String(since) }],
          },
        ],
        sorts: [{ propertyName: 'lastmodifieddate', direction: 'ASCENDING' }],
        properties: ['phone', 'lastmodifieddate'],
        limit: 200,
      },
    });
    expect(res.body.total).toBe(2);
    expect((res.body.results as Obj[]).map((o) => o.id)).toEqual([c2?.id, c1?.id]);
    const before = await hs(sb, '/crm/v3/objects/contacts/search', {
      body: {
        filterGroups: [
          {
            filters: [
              {
                propertyName: 'lastmodifieddate',
                operator: 'LT',
                value: new Date(since).toISOString(),
              },
            ],
          },
        ],
      },
    });
    expect(before.body.total).toBe(118);
    const tooBig = await hs(sb, '/crm/v3/objects/contacts/search', { body: { limit: 201 } });
    expect(tooBig.status).toBe(400);
  });

  it('stops at the result cap with HubSpot 400, so connectors must slice by time', async () => {
    const seen: string[] = [];
    let after: string | undefined = '0';
    let status = 200;
    while (after !== undefined) {
      const res = await hs(sb, '/crm/v3/objects/contacts/search', { body: { limit: 20, after } });
      status = res.status;
      if (status !== 200) {
        expect(res.body).toMatchObject({ status: 'error', category: 'VALIDATION_ERROR' });
        break;
      }
      expect(res.body.total).toBe(120);
      seen.push(...(res.body.results as Obj[]).map((o) => o.id));
      after = (res.body.paging as { next?: { after: string } } | undefined)?.next?.after;
    }
    expect(status).toBe(400);
    expect(seen).toHaveLength(50);
  });
});

describe('HubSpot sandbox: rate limit', () => {
  it('answers 429 with the real body and headers past 190 requests per 10 s', async () => {
    // A frozen clock: the bucket must not refill while 195 requests are in flight.
    const frozen = Date.now();
    const limited = await startHubSpotSandbox({
      port: 0,
      contacts: 1,
      companies: 0,
      deals: 0,
      clock: () => frozen,
    });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 195 }, () => hs(limited, '/crm/v3/objects/contacts?limit=1')),
      );
      const refused = statuses.filter((r) => r.status === 429);
      expect(statuses.filter((r) => r.status === 200)).toHaveLength(190);
      expect(refused.length).toBe(5);
      expect(refused[0]?.body).toMatchObject({
        status: 'error',
        errorType: 'RATE_LIMIT',
        policyName: 'SECONDLY',
        correlationId: expect.any(String),
        message: expect.any(String),
      });
      expect(refused[0]?.headers.get('x-hubspot-ratelimit-max')).toBe('190');
      expect(refused[0]?.headers.get('x-hubspot-ratelimit-remaining')).toBe('0');
      expect(refused[0]?.headers.get('x-hubspot-ratelimit-interval-milliseconds')).toBe('10000');
    } finally {
      await limited.close();
    }
  });
});

describe('HubSpot sandbox: traffic', () => {
  it('makes changes through the store without failing', () => {
    const before = sb.store.live('contacts').length + sb.store.live('contacts', true).length;
    sb.traffic.step(300);
    expect(sb.traffic.count).toBe(300);
    expect(
      sb.store.live('contacts').length + sb.store.live('contacts', true).length,
    ).toBeGreaterThan(before);
  });
});
