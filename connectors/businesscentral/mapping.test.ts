import { describe, expect, it } from 'vitest';
import { encodeEvent } from '../../streams/codec';
import {
  deleteEvent,
  EMPTY_GUID,
  levelId,
  mapCustomer,
  mapInventoryLevel,
  mapItem,
  mapLocation,
  mapSalesOrder,
  mapShipment,
  upsertEvent,
} from './mapping';
import {
  customerRecord,
  itemRecord,
  itemVariantRecord,
  locationStockRecord,
  salesOrderRecord,
  salesShipmentRecord,
} from './records';

const at = '2025-03-04T05:06:07.891Z';

describe('BC records → erp payloads', () => {
  it('maps a customer with its email as given and blanks as null', () => {
    const c = customerRecord.parse({
      id: 'c1',
      number: 'C00010',
      displayName: 'Ava Adler',
      email: ' Ava.Adler@Example.com',
      phoneNumber: '',
      balanceDue: 12.5,
      currencyCode: '',
      lastModifiedDateTime: '2025-03-04T06:06:07.891+01:00',
      website: 'ignored',
    });
    expect(mapCustomer(c, 'EUR')).toEqual({
      id: 'c1',
      number: 'C00010',
      displayName: 'Ava Adler',
      email: ' Ava.Adler@Example.com',
      phoneNumber: null,
      balanceDue: '12.50',
      currencyCode: 'EUR',
      lastModifiedDateTime: at,
    });
  });

  it('carries variants on the item, whose change instant is the newest of both', () => {
    const item = itemRecord.parse({
      id: 'i1',
      number: 'SKU-0001',
      displayName: 'Mug',
      unitPrice: 10,
      unitCost: 4.5,
      inventory: 7.4,
      lastModifiedDateTime: at,
    });
    const later = '2025-03-05T00:00:00.000Z';
    const variants = ['M', 'S'].map((code, n) =>
      itemVariantRecord.parse({
        id: `v${code}`,
        itemId: 'i1',
        code,
        description: `Mug ${code}`,
        lastModifiedDateTime: n ? later : at,
      }),
    );
    const payload = mapItem(item, variants);
    expect(payload).toMatchObject({ unitPrice: '10.00', unitCost: '4.50', inventory: 7 });
    expect(payload.variants.map((v) => v.code)).toEqual(['M', 'S']);
    expect(payload.lastModifiedDateTime).toBe(later);
    expect(upsertEvent('item', payload).version).toBe(Date.parse(later));
    expect(mapItem(item, []).lastModifiedDateTime).toBe(at);
  });

  it('keys locations and levels by code, as the contract does', () => {
    expect(
      mapLocation({ id: 'guid', code: 'EAST', displayName: 'East DC', lastModifiedDateTime: at }),
    ).toEqual({ id: 'EAST', code: 'EAST', displayName: 'East DC', lastModifiedDateTime: at });
    const stock = locationStockRecord.parse({
      id: 's1',
      itemNumber: 'SKU-1',
      locationCode: 'EAST',
      onHand: 5,
      available: 3,
      committed: 2,
      incoming: 0,
      lastModifiedDateTime: at,
    });
    expect(mapInventoryLevel(stock)).toMatchObject({ id: 'SKU-1:EAST', onHand: 5, available: 3 });
    expect(levelId({ ...stock, variantCode: 'L' })).toBe('SKU-1:L:EAST');
  });

  it('maps a sales order with its item lines in order, codes looked up', () => {
    const line = (sequence: number, extra: object) => ({
      sequence,
      lineType: 'Item',
      lineObjectNumber: `SKU-${sequence}`,
      quantity: 2,
      shippedQuantity: 1,
      unitPrice: 4.5,
      itemVariantId: EMPTY_GUID,
      locationId: EMPTY_GUID,
      ...extra,
    });
    const order = salesOrderRecord.parse({
      id: 'o1',
      number: 'SO-1001',
      externalDocumentNumber: '#1001',
      orderDate: '2025-03-04',
      customerNumber: 'C00010',
      status: 'Open',
      currencyCode: '',
      totalAmountIncludingTax: 19.44,
      lastModifiedDateTime: at,
      salesOrderLines: [
        line(20000, { locationId: 'LOC-GUID', itemVariantId: 'VAR-GUID' }),
        line(10000, {}),
        line(30000, { lineType: 'Comment', lineObjectNumber: '' }),
      ],
    });
    const payload = mapSalesOrder(order, {
      currencyCode: 'USD',
      locationCode: (id) => (id === 'LOC-GUID' ? 'EAST' : undefined),
      variantCode: (id) => (id === 'VAR-GUID' ? 'M' : undefined),
    });
    expect(payload).toMatchObject({
      currencyCode: 'USD',
      totalAmountIncludingTax: '19.44',
      externalDocumentNumber: '#1001',
    });
    expect(payload.lines).toEqual([
      { sku: 'SKU-10000', quantity: 2, shippedQuantity: 1, unitPrice: '4.50', locationCode: null },
      {
        sku: 'SKU-20000',
        quantity: 2,
        shippedQuantity: 1,
        unitPrice: '4.50',
        locationCode: 'EAST',
        variantCode: 'M',
      },
    ]);
  });

  it('makes events the codec accepts, versioned by lastModifiedDateTime', () => {
    const shipment = mapShipment({
      id: 'sh1',
      number: 'S-SHP1001',
      orderNumber: 'SO-1001',
      postingDate: '2025-03-04',
      lastModifiedDateTime: at,
    });
    const event = upsertEvent('shipment', shipment);
    expect(event).toMatchObject({ source: 'erp', entity: 'shipment', sourceId: 'sh1' });
    expect(event.version).toBe(Date.parse(at));
    expect(() => encodeEvent(event)).not.toThrow();
    const removed = deleteEvent('customer', 'c1', at);
    expect(removed).toMatchObject({ op: 'delete', payload: null, version: Date.parse(at) });
    expect(() => encodeEvent(removed)).not.toThrow();
  });

  it("carries a custom shipment page's tracking; blank fields (BC's '') are left out", () => {
    const record = salesShipmentRecord.parse({
      id: 'sh2',
      number: 'S-SHP1002',
      orderNumber: 'SO-1002',
      postingDate: '2025-03-04',
      packageTrackingNo: '1Z999AA10123456784',
      shippingAgentCode: 'UPS',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
      lastModifiedDateTime: at,
    });
    const shipment = mapShipment(record);
    expect(shipment).toMatchObject({
      trackingNumber: '1Z999AA10123456784',
      trackingCompany: 'UPS',
      trackingUrl: 'https://www.ups.com/track?tracknum=1Z999AA10123456784',
    });
    expect(() => encodeEvent(upsertEvent('shipment', shipment))).not.toThrow();
    const pickup = mapShipment({
      ...record,
      packageTrackingNo: '',
      shippingAgentCode: '',
      trackingUrl: '',
    });
    expect(pickup).not.toHaveProperty('trackingNumber');
    expect(pickup).not.toHaveProperty('trackingCompany');
    expect(pickup).not.toHaveProperty('trackingUrl');
  });

  it('refuses a record without the fields the contract needs', () => {
    expect(salesOrderRecord.safeParse({ id: 'o1', number: 'SO-1' }).success).toBe(false);
    expect(
      customerRecord.safeParse({
        id: 'c1',
        number: 'C1',
        displayName: 'x',
        lastModifiedDateTime: 'yesterday',
      }).success,
    ).toBe(false);
  });
});
