import { z } from 'zod';
import { ConfigError } from '../../lib/errors';
import { normaliseLocationName } from '../../store/ids';

/**
 * The stock flow's configuration, from the environment, every bad key named at once:
 * - `FLOWS_STOCK_SAFETY_STOCK`: units held back from every channel at every location (default 0);
 * - `FLOWS_LOCATION_MAP`: `Shopify location name=ERP location code` pairs, `;`-separated; a
 *   Shopify location not named there maps to the ERP location of the same name;
 * - `FLOWS_STOCK_ERP_RESERVES`: whether the ERP's available already excludes its open sales
 *   orders (true for a stock page that subtracts reservations; the demo's Business Central does
 *   not, so only shipped units count as in the ERP).
 */
export interface StockSettings {
  safetyStock: number;
  /** Normalised Shopify location name → ERP location code. */
  locationMap: ReadonlyMap<string, string>;
  erpReservesSalesOrders: boolean;
}

const pairs = z
  .string()
  .optional()
  .transform((raw, ctx) => {
    const map = new Map<string, string>();
    for (const pair of (raw ?? '')
      .split(';')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const [shopify, erp, ...rest] = pair.split('=').map((s) => s.trim());
      if (!shopify || !erp || rest.length > 0) {
        ctx.addIssue({ code: 'custom', message: `"${pair}" is not "Shopify name=ERP code"` });
        continue;
      }
      map.set(normaliseLocationName(shopify), erp);
    }
    return map;
  });

const schema = z.object({
  FLOWS_STOCK_SAFETY_STOCK: z.coerce.number().int().min(0).default(0),
  FLOWS_LOCATION_MAP: pairs,
  FLOWS_STOCK_ERP_RESERVES: z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .default('false')
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v)),
});

export function loadStockSettings(env: NodeJS.ProcessEnv = process.env): StockSettings {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  return {
    safetyStock: parsed.data.FLOWS_STOCK_SAFETY_STOCK,
    locationMap: parsed.data.FLOWS_LOCATION_MAP,
    erpReservesSalesOrders: parsed.data.FLOWS_STOCK_ERP_RESERVES,
  };
}
