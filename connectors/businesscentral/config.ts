import { z } from 'zod';
import { resolveFileVariables } from '../../lib/config';
import { ConfigError } from '../../lib/errors';

/**
 * The connector's settings. Secrets may come from `NAME_FILE`. The parsed object holds them as
 * `clientSecret` and `webhookSecret` on purpose: lib/logger.ts redacts exactly those keys, so a
 * logged `{ config }` never shows them.
 */

export const SECRET_NAMES = ['BC_CLIENT_SECRET', 'BC_WEBHOOK_CLIENT_STATE'] as const;

const guid = z
  .string()
  .trim()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be a GUID');
const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const businessCentralConfigSchema = z.object({
  /** The service root; the company API is `${url}/v2.0/{tenant}/{environment}/api/v2.0/…`. */
  BC_API_URL: z.url().default('https://api.businesscentral.dynamics.com'),
  BC_TENANT_ID: z.string().trim().min(1),
  BC_ENVIRONMENT: z.string().trim().min(1).default('production'),
  BC_COMPANY_ID: guid,
  BC_CLIENT_ID: z.string().trim().min(1),
  BC_CLIENT_SECRET: z.string().trim().min(1),
  /** Default: Entra ID's token endpoint for the tenant. */
  BC_TOKEN_URL: z.url().optional(),
  BC_SCOPE: z.string().trim().min(1).default('https://api.businesscentral.dynamics.com/.default'),
  /** The custom API page for stock by location: `publisher/group/version`. */
  BC_STOCK_API: z
    .string()
    .regex(/^[\w-]+\/[\w-]+\/v\d+\.\d+$/, 'must look like plexus/inventory/v1.0')
    .default('plexus/inventory/v1.0'),
  /**
   * A custom API page that serves `salesShipments` with tracking (Package Tracking No., Shipping
   * Agent): `publisher/group/version`. Unset: the standard v2.0 page, which has no tracking.
   */
  BC_SHIPMENT_API: z
    .string()
    .regex(/^[\w-]+\/[\w-]+\/v\d+\.\d+$/, 'must look like plexus/shipping/v1.0')
    .optional(),
  /** Used where BC leaves a currency blank (its local currency). */
  BC_CURRENCY_CODE: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  /** Client-side budget: requests per window. BC allows 6,000 per 5 minutes per user. */
  BC_REQUEST_BUDGET: positiveInt(5_400),
  BC_REQUEST_WINDOW_SECONDS: positiveInt(300),
  BC_PAGE_SIZE: z.coerce.number().int().min(1).max(20_000).default(1_000),
  /** clientState sent with each subscription; a second, comma-separated, during a rotation. */
  BC_WEBHOOK_CLIENT_STATE: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(
      z
        .array(z.string().min(16, 'needs at least 16 characters').max(2048))
        .min(1, 'needs at least one value')
        .max(2, 'at most two values'),
    ),
  /** Public base URL BC posts to (`/webhooks/erp` is appended); default: the ingress URL. */
  BC_NOTIFICATION_URL: z.url({ protocol: /^https?$/ }).optional(),
  BC_POLL_INTERVAL_SECONDS: positiveInt(300),
  INGRESS_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  HOST: z.string().min(1).default('127.0.0.1'),
});

export interface BusinessCentralConfig {
  apiUrl: string;
  tenantId: string;
  environment: string;
  companyId: string;
  clientId: string;
  clientSecret: string;
  tokenUrl: string;
  scope: string;
  stockApi: string;
  /** Where shipments are read with their tracking; absent: the standard page, without. */
  shipmentApi?: string;
  currencyCode: string;
  budget: { limit: number; intervalMs: number };
  pageSize: number;
  /** The first is registered with new subscriptions; any of them is accepted. */
  webhookSecret: string[];
  notificationUrl?: string;
  pollIntervalMs: number;
  ingressPort: number;
  host: string;
}

const trimSlash = (url: string) => url.replace(/\/+$/, '');

/** Validates the environment once and names every bad key; never echoes a secret's value. */
export function loadBusinessCentralConfig(
  env: NodeJS.ProcessEnv = process.env,
): BusinessCentralConfig {
  const names = Object.keys(businessCentralConfigSchema.shape);
  const parsed = businessCentralConfigSchema.safeParse(resolveFileVariables(env, names));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const d = parsed.data;
  const config: BusinessCentralConfig = {
    apiUrl: trimSlash(d.BC_API_URL),
    tenantId: d.BC_TENANT_ID,
    environment: d.BC_ENVIRONMENT,
    companyId: d.BC_COMPANY_ID.toLowerCase(),
    clientId: d.BC_CLIENT_ID,
    clientSecret: d.BC_CLIENT_SECRET,
    tokenUrl:
      d.BC_TOKEN_URL ??
      `https://login.microsoftonline.com/${encodeURIComponent(d.BC_TENANT_ID)}/oauth2/v2.0/token`,
    scope: d.BC_SCOPE,
    stockApi: d.BC_STOCK_API,
    currencyCode: d.BC_CURRENCY_CODE,
    budget: { limit: d.BC_REQUEST_BUDGET, intervalMs: d.BC_REQUEST_WINDOW_SECONDS * 1000 },
    pageSize: d.BC_PAGE_SIZE,
    webhookSecret: d.BC_WEBHOOK_CLIENT_STATE,
    pollIntervalMs: d.BC_POLL_INTERVAL_SECONDS * 1000,
    ingressPort: d.INGRESS_PORT,
    host: d.HOST,
  };
  if (d.BC_SHIPMENT_API) config.shipmentApi = d.BC_SHIPMENT_API;
  if (d.BC_NOTIFICATION_URL) config.notificationUrl = trimSlash(d.BC_NOTIFICATION_URL);
  return config;
}
