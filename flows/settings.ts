import type { Config } from '../lib/config';
import { FLOW_NAMES, type FlowName } from './flow';
import { parseLocationMap, stockSettings, type StockSettings } from './stock-to-channels/settings';
import type { MoneyToBooksSettings } from './money-to-books/settings';
import type { OrderToErpSettings } from './order-to-erp/decide';

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
  /** order-to-erp: which orders go, where they ship from, the shipping line; unset: paid orders. */
  orderToErp?: OrderToErpSettings;
}

export function flowSettings(config: Config): FlowSettings {
  return {
    ...(config.FLOWS ? { enabled: config.FLOWS } : {}),
    stock: stockSettings(config),
    shopCurrency: config.SHOP_CURRENCY,
    orderToErp: {
      scope: { kind: config.FLOWS_ORDERS },
      locationMap: parseLocationMap(config.FLOWS_LOCATION_MAP ?? ''),
      ...(config.FLOWS_ORDER_LOCATION ? { shopifyLocation: config.FLOWS_ORDER_LOCATION } : {}),
      ...(config.FLOWS_SHIPPING_ITEM ? { shippingItem: config.FLOWS_SHIPPING_ITEM } : {}),
    },
  };
}

export const isFlowName = (name: string): name is FlowName =>
  (FLOW_NAMES as readonly string[]).includes(name);
