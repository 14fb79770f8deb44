import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../lib/errors';
import { loadConfig } from '../../lib/config';
import { stockSettings } from './settings';

describe('stock flow settings', () => {
  it('defaults to no safety stock, same-name locations, an ERP that does not reserve', () => {
    const settings = stockSettings(loadConfig({}));
    expect(settings.safetyStock).toBe(0);
    expect([...settings.locationMap]).toEqual([]);
    expect(settings.erpReservesSalesOrders).toBe(false);
  });

  it('reads the location map by normalised Shopify name', () => {
    const settings = stockSettings(
      loadConfig({
        FLOWS_LOCATION_MAP: ' Retail  Store = MAIN ; East Fulfilment=EAST;',
        FLOWS_STOCK_SAFETY_STOCK: '2',
        FLOWS_STOCK_ERP_RESERVES: 'true',
      }),
    );
    expect([...settings.locationMap]).toEqual([
      ['retail store', 'MAIN'],
      ['east fulfilment', 'EAST'],
    ]);
    expect(settings.safetyStock).toBe(2);
    expect(settings.erpReservesSalesOrders).toBe(true);
  });

  it('names every bad key at once', () => {
    const bad = () =>
      loadConfig({ FLOWS_LOCATION_MAP: 'Retail Store', FLOWS_STOCK_SAFETY_STOCK: '-1' });
    expect(bad).toThrow(ConfigError);
    expect(bad).toThrow(/FLOWS_STOCK_SAFETY_STOCK[\s\S]*FLOWS_LOCATION_MAP/);
  });
});
