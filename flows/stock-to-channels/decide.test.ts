import { describe, expect, it } from 'vitest';
import { channelQuantity, decide, pendingUnits, type ShopifyLevelInput } from './decide';

const level = (over: Partial<ShopifyLevelInput> = {}): ShopifyLevelInput => ({
  locationId: '1',
  available: 0,
  committed: 0,
  erpLocation: 'MAIN',
  erpAvailable: 10,
  alreadyInErp: 0,
  ...over,
});

describe('stock → channels: the channel quantity', () => {
  it('is ERP available less units sold on Shopify not yet in the ERP, less safety stock', () => {
    expect(channelQuantity(10, 3, 2)).toBe(5);
    expect(channelQuantity(10, 0, 0)).toBe(10);
  });

  it('is never below 0', () => {
    expect(channelQuantity(2, 3, 0)).toBe(0);
    expect(channelQuantity(2, 0, 5)).toBe(0);
    expect(channelQuantity(-4, 0, 0)).toBe(0);
  });

  it('counts as pending only the committed units the ERP does not hold yet', () => {
    expect(pendingUnits({ committed: 5, alreadyInErp: 0 })).toBe(5);
    expect(pendingUnits({ committed: 5, alreadyInErp: 2 })).toBe(3);
    expect(pendingUnits({ committed: 1, alreadyInErp: 4 })).toBe(0);
    expect(pendingUnits({ committed: 3, alreadyInErp: -1 })).toBe(3);
  });
});

describe('stock → channels: decide', () => {
  it('writes only the locations whose available differs, comparing with what was read', () => {
    const decision = decide({
      sku: 'SKU-1',
      safetyStock: 1,
      levels: [
        level({ locationId: '1', available: 9, erpAvailable: 10 }),
        level({
          locationId: '2',
          available: 4,
          committed: 2,
          erpAvailable: 10,
          erpLocation: 'EAST',
        }),
      ],
    });
    expect(decision).toMatchObject({
      kind: 'write',
      targets: [
        { locationId: '1', quantity: 9, current: 9 },
        { locationId: '2', quantity: 7, current: 4, erpLocation: 'EAST' },
      ],
      changed: [{ locationId: '2', quantity: 7, current: 4 }],
    });
  });

  it('leaves unmapped locations alone and sets a mapped one without ERP stock to 0', () => {
    const decision = decide({
      sku: 'SKU-1',
      safetyStock: 0,
      levels: [
        level({ locationId: '1', available: 6, erpLocation: null }),
        level({ locationId: '2', available: 6, erpAvailable: null }),
      ],
    });
    expect(decision).toMatchObject({
      kind: 'write',
      targets: [{ locationId: '2', quantity: 0 }],
      changed: [{ locationId: '2', quantity: 0, current: 6 }],
    });
  });

  it('parks a variant none of whose locations maps to the ERP', () => {
    expect(
      decide({ sku: 'SKU-9', safetyStock: 0, levels: [level({ erpLocation: null })] }),
    ).toEqual({ kind: 'parked', reason: 'no Shopify location of SKU-9 maps to an ERP location' });
  });

  it('finds its own write in line: the echo decides nothing and keeps the version', () => {
    const before = decide({ sku: 'S', safetyStock: 0, levels: [level({ available: 3 })] });
    const echo = decide({ sku: 'S', safetyStock: 0, levels: [level({ available: 10 })] });
    expect(before.kind === 'write' && before.changed).toHaveLength(1);
    expect(echo.kind === 'write' && echo.changed).toEqual([]);
    expect(before.kind === 'write' && echo.kind === 'write' && before.sourceVersion).toBe(
      echo.kind === 'write' && echo.sourceVersion,
    );
  });

  it('a sale on Shopify keeps the target: available falls with committed rising', () => {
    // ERP 10, nothing pending: Shopify shows 10. A sale of 2: available 8, committed 2.
    const sold = decide({
      sku: 'S',
      safetyStock: 0,
      levels: [level({ available: 8, committed: 2, erpAvailable: 10 })],
    });
    expect(sold.kind === 'write' && sold.changed).toEqual([]);
    // The ERP ships those 2 (available 8) before Shopify's fulfilment: still 8, not 6.
    const shipped = decide({
      sku: 'S',
      safetyStock: 0,
      levels: [level({ available: 8, committed: 2, erpAvailable: 8, alreadyInErp: 2 })],
    });
    expect(shipped.kind === 'write' && shipped.changed).toEqual([]);
  });
});
