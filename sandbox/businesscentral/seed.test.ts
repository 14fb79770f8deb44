import { describe, expect, it } from 'vitest';
import { startBusinessCentralSandbox } from './index';

describe('Business Central seeded from a catalog and warehouse names', () => {
  it('holds the given SKUs as item numbers and the given warehouses, with stock of each', async () => {
    const sb = await startBusinessCentralSandbox({
      port: 0,
      customers: 2,
      salesOrders: 5,
      catalog: [
        { sku: 'PLX-MUG-RED', name: 'Mug - Red', price: 12.5 },
        { sku: 'PLX-TEE-M', name: 'Tee - M', price: 20 },
      ],
      warehouses: ['Main Warehouse', 'East Fulfilment'],
    });
    try {
      const items = sb.store.list('items');
      expect(items.map((i) => [i.number, i.displayName, i.unitPrice])).toEqual([
        ['PLX-MUG-RED', 'Mug - Red', 12.5],
        ['PLX-TEE-M', 'Tee - M', 20],
      ]);
      expect(sb.store.list('itemVariants')).toEqual([]);
      const locations = sb.store.list('locations');
      expect(locations.map((l) => l.displayName)).toEqual(['Main Warehouse', 'East Fulfilment']);
      expect(new Set(locations.map((l) => l.code)).size).toBe(2);
      expect(sb.store.list('locationStocks')).toHaveLength(4);
      const sold = [...sb.store.lines.values()].flat().map((l) => l.itemId);
      expect(sold.every((id) => items.some((i) => i.id === id))).toBe(true);
    } finally {
      await sb.close();
    }
  });
});
