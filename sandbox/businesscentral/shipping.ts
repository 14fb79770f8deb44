import { createHash } from 'node:crypto';
import type { SalesShipment } from './model';
import { customShippingApi } from './paths';

/**
 * Shipping agents (table Shipping Agent): `internetAddress` holds `%1` where the package tracking
 * number goes, which is how BC builds a tracking link (GetTrackingInternetAddr).
 */
const shippingAgents = [
  { code: 'UPS', internetAddress: 'https://www.ups.com/track?tracknum=%1' },
  { code: 'FEDEX', internetAddress: 'https://www.fedex.com/fedextrack/?trknbr=%1' },
  { code: 'DHL', internetAddress: 'https://www.dhl.com/track?tracking-id=%1' },
] as const;

/**
 * The carrier and package number of a posted shipment, derived from its number so that seeding
 * draws nothing more from the seed's sequence. One in four is picked up: no agent, no number.
 */
export function trackingFor(
  shipmentNumber: string,
): Pick<SalesShipment, 'packageTrackingNo' | 'shippingAgentCode'> {
  const digest = createHash('sha256').update(shipmentNumber).digest();
  const agent = shippingAgents[(digest[0] ?? 0) % (shippingAgents.length + 1)];
  if (!agent) return { packageTrackingNo: '', shippingAgentCode: '' };
  const digits = digest.readUInt32BE(1).toString().padStart(10, '0');
  return { packageTrackingNo: `${agent.code.slice(0, 2)}${digits}`, shippingAgentCode: agent.code };
}

function trackingUrl(shipment: SalesShipment): string {
  const agent = shippingAgents.find((a) => a.code === shipment.shippingAgentCode);
  if (!agent || !shipment.packageTrackingNo) return '';
  return agent.internetAddress.replace('%1', encodeURIComponent(shipment.packageTrackingNo));
}

/**
 * A shipment as `api` serves it: the standard page has no tracking; the custom page has the
 * package number, the agent and the agent's tracking link.
 */
export function shipmentView(api: string, shipment: SalesShipment): object {
  const { packageTrackingNo, shippingAgentCode, ...standard } = shipment;
  if (api !== customShippingApi) return standard;
  return {
    id: shipment.id,
    number: shipment.number,
    orderNumber: shipment.orderNumber,
    externalDocumentNumber: shipment.externalDocumentNumber,
    postingDate: shipment.postingDate,
    packageTrackingNo,
    shippingAgentCode,
    trackingUrl: trackingUrl(shipment),
    lastModifiedDateTime: shipment.lastModifiedDateTime,
  };
}
