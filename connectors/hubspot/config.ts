import { z } from 'zod';
import { ConfigError } from '../../lib/errors';
import { resolveFileVariables } from '../../lib/config';

/**
 * The connector's settings. Secrets may come from `NAME_FILE`. The parsed object keeps them under
 * `accessToken` and `clientSecret` on purpose: lib/logger.ts redacts exactly those keys.
 */

export const SECRET_NAMES = ['HUBSPOT_ACCESS_TOKEN', 'HUBSPOT_CLIENT_SECRET'] as const;

const positiveInt = (fallback: number) => z.coerce.number().int().positive().default(fallback);

export const hubspotConfigSchema = z.object({
  HUBSPOT_ACCESS_TOKEN: z.string().trim().min(1),
  HUBSPOT_CLIENT_SECRET: z.string().trim().min(1),
  HUBSPOT_API_URL: z.url().optional(),
  HUBSPOT_WEBHOOK_URL: z.url().optional(),
  HUBSPOT_RATE_LIMIT: positiveInt(190),
  HUBSPOT_RATE_WINDOW_MS: positiveInt(10_000),
  HUBSPOT_SEARCH_PER_SECOND: positiveInt(5),
  HUBSPOT_SHOPIFY_ID_PROPERTY: z
    .string()
    .trim()
    .regex(/^[a-z0-9_]+$/, 'must be a HubSpot property name such as shopify_customer_id')
    .optional(),
  HUBSPOT_DEFAULT_CURRENCY: z
    .string()
    .trim()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  INGRESS_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  HOST: z.string().min(1).default('127.0.0.1'),
});

export interface HubSpotConfig {
  /** Private-app token (Bearer). */
  accessToken: string;
  /** The app's client secret: the key of `X-HubSpot-Signature-v3`. */
  clientSecret: string;
  /** Base URL replacing https://api.hubapi.com (a plain-HTTP sandbox); unset for HubSpot. */
  apiUrl?: string;
  /**
   * The webhook target URL as configured in the HubSpot app. v3 signatures cover the URL HubSpot
   * called, which a proxy in front of the ingress may rewrite; unset, it is rebuilt from `Host`.
   */
  webhookUrl?: string;
  /** Requests per window: 190 per 10 s for private apps on Pro/Enterprise, 100 on Free/Starter. */
  rateLimit: { requests: number; windowMs: number };
  searchPerSecond: number;
  /** A contact property holding the Shopify customer id, if the portal has one. */
  shopifyIdProperty?: string;
  /** Deals without `deal_currency_code` are in the portal's currency. */
  defaultCurrency: string;
  ingressPort: number;
  host: string;
}

/** Validates the environment once and names every bad key; never echoes a secret's value. */
export function loadHubSpotConfig(env: NodeJS.ProcessEnv = process.env): HubSpotConfig {
  const names = Object.keys(hubspotConfigSchema.shape);
  const parsed = hubspotConfigSchema.safeParse(resolveFileVariables(env, names));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const d = parsed.data;
  const config: HubSpotConfig = {
    accessToken: d.HUBSPOT_ACCESS_TOKEN,
    clientSecret: d.HUBSPOT_CLIENT_SECRET,
    rateLimit: { requests: d.HUBSPOT_RATE_LIMIT, windowMs: d.HUBSPOT_RATE_WINDOW_MS },
    searchPerSecond: d.HUBSPOT_SEARCH_PER_SECOND,
    defaultCurrency: d.HUBSPOT_DEFAULT_CURRENCY,
    ingressPort: d.INGRESS_PORT,
    host: d.HOST,
  };
  if (d.HUBSPOT_API_URL) config.apiUrl = d.HUBSPOT_API_URL.replace(/\/+$/, '');
  if (d.HUBSPOT_WEBHOOK_URL) config.webhookUrl = d.HUBSPOT_WEBHOOK_URL;
  if (d.HUBSPOT_SHOPIFY_ID_PROPERTY) config.shopifyIdProperty = d.HUBSPOT_SHOPIFY_ID_PROPERTY;
  return config;
}
