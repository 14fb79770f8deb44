import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBusinessCentralSandbox, type BcSandbox } from './index';
import { bearer, call } from './testing';

let sb: BcSandbox;
let token: string;
beforeAll(async () => {
  sb = await startBusinessCentralSandbox({ port: 0, customers: 5, items: 4, salesOrders: 0 });
  token = await bearer(sb);
});
afterAll(async () => {
  await sb.close();
});

const post = (path: string, body: unknown) =>
  call(`${sb.apiUrl}/${path}`, token, { method: 'POST', body });

describe('Business Central sandbox: writes', () => {
  it('creates a customer and a sales order with its lines in one request', async () => {
    const customer = await post('customers', { displayName: 'Ada Lovelace', email: 'ada@x.io' });
    expect(customer.status).toBe(201);
    expect(customer.body['@odata.etag']).toMatch(/^W\//);
    const [item] = sb.store.list('items');
    const [location] = sb.store.list('locations');
    const created = await post('salesOrders', {
      customerNumber: customer.body.number,
      externalDocumentNumber: '#1001',
      orderDate: '2026-12-01',
      salesOrderLines: [
        {
          lineType: 'Item',
          lineObjectNumber: item?.number,
          quantity: 2,
          unitPrice: 10,
          locationId: location?.id,
        },
      ],
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      externalDocumentNumber: '#1001',
      totalAmountExcludingTax: 20,
    });
    expect(created.body.salesOrderLines).toHaveLength(1);
    const listed = await call(
      `${sb.apiUrl}/salesOrders?$filter=${encodeURIComponent("externalDocumentNumber eq '#1001'")}`,
      token,
    );
    expect((listed.body.value as unknown[]).length).toBe(1);
  });

  it("refuses what BC refuses, in BC's shape", async () => {
    const [customer] = sb.store.list('customers');
    const unknownItem = await post('salesOrders', {
      customerNumber: customer?.number,
      salesOrderLines: [{ lineObjectNumber: 'NOPE', quantity: 1 }],
    });
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.body).toMatchObject({ error: { code: 'Internal_RecordNotFound' } });
    const long = await post('salesOrders', {
      customerNumber: customer?.number,
      externalDocumentNumber: 'x'.repeat(36),
    });
    expect(long.status).toBe(400);
    expect(JSON.stringify(long.body)).toContain('less than or equal to 35 characters');
    expect(sb.store.list('salesOrders').every((o) => o.externalDocumentNumber.length <= 35)).toBe(
      true,
    );
  });

  it('takes PATCH and DELETE only with the current etag: 412 when stale', async () => {
    const [customer] = sb.store.list('customers');
    const [item] = sb.store.list('items');
    const created = await post('salesOrders', {
      customerNumber: customer?.number,
      externalDocumentNumber: '#1002',
      salesOrderLines: [{ lineObjectNumber: item?.number, quantity: 1 }],
    });
    const url = `${sb.apiUrl}/salesOrders(${String(created.body.id)})`;
    const etag = String(created.body['@odata.etag']);
    const missing = await call(url, token, { method: 'PATCH', body: { orderDate: '2026-12-02' } });
    expect(missing.status).toBe(400);
    const patched = await call(url, token, {
      method: 'PATCH',
      body: { orderDate: '2026-12-02' },
      headers: { 'if-match': etag },
    });
    expect(patched.body).toMatchObject({ orderDate: '2026-12-02' });
    const stale = await call(url, token, { method: 'DELETE', headers: { 'if-match': etag } });
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ error: { code: 'Request_EntityChanged' } });
    const lines = await call(`${url}/salesOrderLines`, token);
    const [line] = lines.body.value as Array<Record<string, unknown>>;
    const lineUrl = `${url}/salesOrderLines(${String(line?.id)})`;
    const changed = await call(lineUrl, token, {
      method: 'PATCH',
      body: { quantity: 3 },
      headers: { 'if-match': String(line?.['@odata.etag']) },
    });
    expect(changed.status).toBe(200);
    expect(changed.body).toMatchObject({ quantity: 3 });
    const fresh = await call(url, token);
    const deleted = await call(url, token, {
      method: 'DELETE',
      headers: { 'if-match': String(fresh.body['@odata.etag']) },
    });
    expect(deleted.status).toBe(204);
    expect(sb.store.get('salesOrders', String(created.body.id))).toBeUndefined();
  });

  it('answers conditional writes 412 at the error412Rate knob, and leaves other requests alone', async () => {
    const [customer] = sb.store.list('customers');
    const created = await post('salesOrders', {
      customerNumber: customer?.number,
      externalDocumentNumber: '#1003',
    });
    const url = `${sb.apiUrl}/salesOrders(${String(created.body.id)})`;
    const etag = String(created.body['@odata.etag']);
    sb.knobs.set({ error412Rate: 1 });
    try {
      const read = await call(url, token);
      expect(read.status).toBe(200);
      const patched = await call(url, token, {
        method: 'PATCH',
        body: { orderDate: '2026-12-03' },
        headers: { 'if-match': etag },
      });
      expect(patched.status).toBe(412);
      expect(patched.body).toMatchObject({ error: { code: 'Request_EntityChanged' } });
      expect(sb.store.get('salesOrders', String(created.body.id))?.orderDate).not.toBe(
        '2026-12-03',
      );
    } finally {
      sb.knobs.set({ error412Rate: 0 });
    }
    expect(sb.knobs.injected.error412).toBe(1);
  });
});
