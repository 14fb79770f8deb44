import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusinessCentralSandbox, type BcSandbox } from './index';
import { bearer, call, getToken } from './testing';

let skewMs = 0;
let sb: BcSandbox;
let token: string;
beforeAll(async () => {
  sb = await startBusinessCentralSandbox({
    port: 0,
    customers: 45,
    items: 12,
    salesOrders: 30,
    rateLimit: { requests: 1000, windowSeconds: 300 },
    clock: () => Date.now() + skewMs,
  });
  token = await bearer(sb);
});
afterAll(async () => {
  await sb.close();
});

interface Page {
  '@odata.context': string;
  '@odata.nextLink'?: string;
  value: Record<string, unknown>[];
}

describe('Business Central sandbox: OAuth client credentials', () => {
  it('issues bearer tokens and refuses missing, wrong and expired ones with BC bodies', async () => {
    const issued = await getToken(sb);
    expect(issued.status).toBe(200);
    expect(await issued.json()).toMatchObject({ token_type: 'Bearer', expires_in: 3599 });
    const wrong = await getToken(sb, 'not-the-secret');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: 'invalid_client', error_codes: [7000215] });

    const none = await call(`${sb.apiUrl}/customers`, '');
    expect(none.status).toBe(401);
    expect(none.body).toMatchObject({ error: { code: 'Authentication_InvalidCredentials' } });
    const fresh = await bearer(sb);
    skewMs = 3600_000;
    const expired = await call(`${sb.apiUrl}/customers`, fresh);
    skewMs = 0;
    expect(expired.status).toBe(401);
    expect(expired.headers.get('www-authenticate')).toContain('invalid_token');
    const companies = await call(`${sb.url}/api/v2.0/companies`, token);
    expect((companies.body as unknown as Page).value[0]).toMatchObject({ id: sb.companyId });
  });
});

describe('Business Central sandbox: OData paging and filters', () => {
  it('pages with Prefer: odata.maxpagesize and @odata.nextLink, each record once', async () => {
    const ids: unknown[] = [];
    let url: string | undefined = `${sb.apiUrl}/customers`;
    let first = true;
    while (url) {
      const res = await call(url, token, { headers: { prefer: 'odata.maxpagesize=10' } });
      expect(res.status).toBe(200);
      if (first) expect(res.headers.get('preference-applied')).toBe('odata.maxpagesize=10');
      first = false;
      const page = res.body as unknown as Page;
      expect(page.value.length).toBeLessThanOrEqual(10);
      expect(page['@odata.context']).toContain(`companies(${sb.companyId})/customers`);
      ids.push(...page.value.map((c) => c.id));
      url = page['@odata.nextLink'];
    }
    expect(ids).toHaveLength(45);
    expect(new Set(ids).size).toBe(45);
  });

  it('links the next page under the same path, also in the service form with tenant', async () => {
    const service = `${sb.url}/v2.0/${sb.tenantId}/production/api/v2.0/companies(${sb.companyId})`;
    const ids: unknown[] = [];
    let url: string | undefined = `${service}/customers`;
    while (url) {
      expect(url.startsWith(`${service}/customers`)).toBe(true);
      const res = await call(url, token, { headers: { prefer: 'odata.maxpagesize=20' } });
      expect(res.status).toBe(200);
      const page = res.body as unknown as Page;
      ids.push(...page.value.map((c) => c.id));
      url = page['@odata.nextLink'];
    }
    expect(new Set(ids).size).toBe(45);
  });

  it('keeps $top across server pages', async () => {
    let url: string | undefined = `${sb.apiUrl}/customers?$top=25&$skip=3`;
    const ids: unknown[] = [];
    while (url) {
      const res = await call(url, token, { headers: { prefer: 'odata.maxpagesize=10' } });
      const page = res.body as unknown as Page;
      ids.push(...page.value.map((c) => c.id));
      url = page['@odata.nextLink'];
    }
    const expected = sb.store
      .list('customers')
      .slice(3, 28)
      .map((c) => c.id);
    expect(ids).toEqual(expected);
  });

  it('filters on lastModifiedDateTime gt and serves only later changes', async () => {
    const since = sb.store.stamp();
    const customer = sb.store.list('customers')[3];
    if (!customer) throw new Error('no customer');
    customer.phoneNumber = '+15550000000';
    sb.store.upsert('customers', customer);
    const filter = encodeURIComponent(`lastModifiedDateTime gt ${since}`);
    const res = await call(`${sb.apiUrl}/customers?$filter=${filter}`, token);
    expect((res.body as unknown as Page).value.map((c) => c.id)).toEqual([customer.id]);
    const bad = await call(`${sb.apiUrl}/customers?$filter=nope gt 1`, token);
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: { code: 'BadRequest' } });
  });

  it('serves sales order lines by navigation and $expand, and the custom stock page', async () => {
    const order = sb.store.list('salesOrders')[0];
    if (!order) throw new Error('no order');
    const lines = await call(`${sb.apiUrl}/salesOrders(${order.id})/salesOrderLines`, token);
    const lineRows = (lines.body as unknown as Page).value;
    expect(lineRows.length).toBeGreaterThan(0);
    expect(lineRows[0]).toMatchObject({ documentId: order.id, lineType: 'Item' });
    const expanded = await call(`${sb.apiUrl}/salesOrders?$expand=salesOrderLines`, token);
    const first = (expanded.body as unknown as Page).value[0];
    expect(first?.salesOrderLines).toHaveLength(lineRows.length);
    const stock = await call(sb.stockUrl, token);
    expect((stock.body as unknown as Page).value[0]).toEqual(
      expect.objectContaining({
        itemNumber: expect.any(String),
        locationCode: 'MAIN',
        onHand: expect.any(Number),
        available: expect.any(Number),
        committed: expect.any(Number),
        incoming: expect.any(Number),
      }),
    );
    const notStandard = await call(`${sb.apiUrl}/locationStocks`, token);
    expect(notStandard.status).toBe(404);
    const one = await call(`${sb.apiUrl}/salesOrders(${order.id})`, token);
    expect(one.body).toMatchObject({ id: order.id, number: order.number });
    expect(one.body['@odata.etag']).toMatch(/^W\/"/);
  });

  it('answers 503 with a BC body when the knobs inject it', async () => {
    sb.knobs.set({ error5xxRate: 1, error5xxStatuses: [503] });
    const res = await call(`${sb.apiUrl}/items`, token);
    sb.knobs.set({ error5xxRate: 0 });
    expect(res.status).toBe(503);
    expect(res.body).toMatchObject({ error: { code: 'ServiceUnavailable' } });
  });
});

describe('Business Central sandbox: request limit', () => {
  it('answers 429 with the BC body above the configured requests per window', async () => {
    const limited = await startBusinessCentralSandbox({
      port: 0,
      customers: 2,
      items: 2,
      salesOrders: 0,
      rateLimit: { requests: 5, windowSeconds: 300 },
    });
    try {
      const t = await bearer(limited);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i += 1)
        statuses.push((await call(`${limited.apiUrl}/items`, t)).status);
      expect(statuses).toEqual([200, 200, 200, 200, 200, 429]);
      const refused = await call(`${limited.apiUrl}/items`, t);
      expect(refused.body).toMatchObject({ error: { code: 'Application_TooManyRequests' } });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.close();
    }
  });
});

describe('Business Central sandbox: shipment tracking', () => {
  it('leaves tracking off the standard page and serves it on the custom shipping page', async () => {
    const shipments = sb.store.list('salesShipments');
    expect(shipments.length).toBeGreaterThan(0);
    const standard = (await call(`${sb.apiUrl}/salesShipments`, token)).body as unknown as Page;
    for (const s of standard.value) {
      expect(s).not.toHaveProperty('packageTrackingNo');
      expect(s).not.toHaveProperty('shippingAgentCode');
    }
    const custom = await call(
      `${sb.url}/api/plexus/shipping/v1.0/companies(${sb.companyId})/salesShipments`,
      token,
    );
    expect(custom.status).toBe(200);
    const served = (custom.body as unknown as Page).value;
    expect(served.map((s) => s.id).sort()).toEqual(shipments.map((s) => s.id).sort());
    const tracked = served.filter((s) => s.packageTrackingNo !== '');
    const pickedUp = served.filter((s) => s.packageTrackingNo === '');
    expect(tracked.length).toBeGreaterThan(0);
    for (const s of tracked) {
      expect(s.shippingAgentCode).not.toBe('');
      // The agent's internet address with the package number in place of %1.
      expect(s.trackingUrl).toContain(String(s.packageTrackingNo));
    }
    for (const s of pickedUp) expect(s).toMatchObject({ shippingAgentCode: '', trackingUrl: '' });
    // The custom page serves shipments only; the standard one has no such group.
    const other = await call(
      `${sb.url}/api/plexus/shipping/v1.0/companies(${sb.companyId})/customers`,
      token,
    );
    expect(other.status).toBe(404);
  });
});

describe('Business Central sandbox: traffic', () => {
  it('makes changes through the store without failing', () => {
    const before = sb.store.list('salesOrders').length;
    sb.traffic.step(300);
    expect(sb.traffic.count).toBe(300);
    // Sales orders come through the API (the order-to-erp flow), never from the traffic.
    expect(sb.store.list('salesOrders').length).toBe(before);
    expect(sb.store.list('salesShipments').length).toBeGreaterThan(0);
  });
});
