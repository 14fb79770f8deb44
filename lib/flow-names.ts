/** The flows (flows/): named here so that configuration can validate them. */
export const FLOW_NAMES = [
  'order-to-erp',
  'stock-to-channels',
  'shipment-to-fulfilment',
  'money-to-books',
  'profile-to-crm',
] as const;
export type FlowName = (typeof FLOW_NAMES)[number];
