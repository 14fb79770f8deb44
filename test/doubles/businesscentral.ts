import type { BcSandbox } from '../../sandbox/businesscentral';
import {
  loadBusinessCentralConfig,
  type BusinessCentralConfig,
} from '../../connectors/businesscentral/config';
import { WEBHOOK_PATH } from '../../connectors/businesscentral/webhook-route';

/** Tests' config for a sandbox: its URL, tenant and credentials, an ingress on a free port. */
export function sandboxConfig(
  sb: BcSandbox,
  env: Record<string, string> = {},
): BusinessCentralConfig {
  return loadBusinessCentralConfig({
    BC_API_URL: sb.url,
    BC_TENANT_ID: sb.tenantId,
    BC_COMPANY_ID: sb.companyId,
    BC_CLIENT_ID: sb.clientId,
    BC_CLIENT_SECRET: sb.clientSecret,
    BC_TOKEN_URL: sb.tokenUrl,
    BC_WEBHOOK_CLIENT_STATE: 'sandbox-test-client-state',
    INGRESS_PORT: '0',
    ...env,
  });
}

/**
 * Posts a notification that names a real subscription and customer, as a delete, but carries a
 * client state BC was never given: the connector must answer 401 and change nothing.
 */
export function postForgedNotification(
  ingressUrl: string,
  sb: BcSandbox,
  customerId: string,
): Promise<Response> {
  return fetch(`${ingressUrl}${WEBHOOK_PATH}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      value: [
        {
          subscriptionId: sb.subscriptions.list()[0]?.subscriptionId,
          clientState: 'a-guess-at-the-client-state',
          expirationDateTime: new Date(Date.now() + 86_400_000).toISOString(),
          resource: `api/v2.0/companies(${sb.companyId})/customers(${customerId})`,
          changeType: 'deleted',
          lastModifiedDateTime: new Date(Date.now() + 60_000).toISOString(),
        },
      ],
    }),
  });
}
