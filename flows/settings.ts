import type { Config } from '../lib/config';
import { FLOW_NAMES, type FlowName } from './flow';
import { stockSettings, type StockSettings } from './stock-to-channels/settings';
import type { MoneyToBooksSettings } from './money-to-books/settings';

/**
 * What the flows are told by configuration (lib/config.ts, README "Flows"). Each flow adds its own
 * section, read from the environment once, here.
 */
export interface FlowSettings {
  /** The flows to run; undefined: every flow whose vendor is configured. */
  enabled?: FlowName[];
  /** stock-to-channels: safety stock, the location map, how the ERP counts open orders. */
  stock: StockSettings;
  /** money-to-books: what orders, refunds and payouts become in QuickBooks. */
  moneyToBooks?: Partial<MoneyToBooksSettings>;
  /** ISO 4217 code of the shop's money (SHOP_CURRENCY): profile-to-crm writes amounts in it. */
  shopCurrency?: string;
}

export function flowSettings(config: Config): FlowSettings {
  return {
    ...(config.FLOWS ? { enabled: config.FLOWS } : {}),
    stock: stockSettings(config),
    shopCurrency: config.SHOP_CURRENCY,
  };
}

export const isFlowName = (name: string): name is FlowName =>
  (FLOW_NAMES as readonly string[]).includes(name);
