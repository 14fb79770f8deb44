import type { Config } from '../lib/config';
import { FLOW_NAMES, type FlowName } from './flow';
import type { OrderToErpSettings } from './order-to-erp/decide';

/**
 * What the flows are told by configuration (lib/config.ts, README "Flows"). Each flow adds its own
 * section, read from the environment once, here.
 */
export interface FlowSettings {
  /** The flows to run; undefined: every flow whose vendor is configured. */
  enabled?: FlowName[];
  orderToErp: OrderToErpSettings;
}

export function flowSettings(config: Config): FlowSettings {
  return {
    ...(config.FLOWS ? { enabled: config.FLOWS } : {}),
    orderToErp: {
      scope: { kind: config.FLOWS_ORDERS },
      locationMap: config.FLOWS_LOCATION_MAP,
      ...(config.FLOWS_ORDER_LOCATION ? { shopifyLocation: config.FLOWS_ORDER_LOCATION } : {}),
      ...(config.FLOWS_SHIPPING_ITEM ? { shippingItem: config.FLOWS_SHIPPING_ITEM } : {}),
    },
  };
}

export const isFlowName = (name: string): name is FlowName =>
  (FLOW_NAMES as readonly string[]).includes(name);
