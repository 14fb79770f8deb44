import type { Config } from '../../lib/config';
import { normaliseLocationName } from '../../store/ids';

/** The stock flow's configuration (lib/config.ts validates the variables; README "Stock → channels"). */
export interface StockSettings {
  /** `FLOWS_STOCK_SAFETY_STOCK`: units held back from every channel at every location. */
  safetyStock: number;
  /**
   * `FLOWS_LOCATION_MAP`: normalised Shopify location name → ERP location code (or name); a
   * Shopify location not named maps to the ERP location of the same name.
   */
  locationMap: ReadonlyMap<string, string>;
  /**
   * `FLOWS_STOCK_ERP_RESERVES`: the ERP's available already excludes its open sales orders (a stock
   * page that subtracts reservations). The demo's Business Central does not: only shipped units
   * count as in the ERP.
   */
  erpReservesSalesOrders: boolean;
}

type StockConfig = Pick<
  Config,
  'FLOWS_STOCK_SAFETY_STOCK' | 'FLOWS_LOCATION_MAP' | 'FLOWS_STOCK_ERP_RESERVES'
>;

export function stockSettings(config: StockConfig): StockSettings {
  return {
    safetyStock: config.FLOWS_STOCK_SAFETY_STOCK,
    locationMap: parseLocationMap(config.FLOWS_LOCATION_MAP ?? ''),
    erpReservesSalesOrders: config.FLOWS_STOCK_ERP_RESERVES,
  };
}

/** `Retail Store=MAIN; East Fulfilment=EAST` (lib/config.ts has checked the shape). */
export function parseLocationMap(raw: string): Map<string, string> {
  const map = new Map<string, string>();
  for (const pair of raw.split(';')) {
    const [shopify, erp] = pair.split('=').map((part) => part.trim());
    if (shopify && erp) map.set(normaliseLocationName(shopify), erp);
  }
  return map;
}
