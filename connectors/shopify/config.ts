import { z } from 'zod';
import { ConfigError } from '../../lib/errors';
import { resolveFileVariables } from '../../lib/config';

/**
 * The connector's settings. Secrets may come from `NAME_FILE`. The parsed object names its secrets
 * `accessToken` and `webhookSecret` on purpose: lib/logger.ts redacts exactly those keys, so a
 * logged `{ config }` never shows them.
 */

export const SECRET_NAMES = ['SHOPIFY_ACCESS_TOKEN', 'SHOPIFY_WEBHOOK_SECRET'] as const;

const shopDomain = z
  .string()
  .trim()
  .regex(
    /^[a-z0-9][a-z0-9-]*\.myshopify\.com$/i,
    'must be a shop domain such as demo.myshopify.com',
  );

export const shopifyConfigSchema = z.object({
  SHOPIFY_SHOP: shopDomain,
  SHOPIFY_ACCESS_TOKEN: z.string().trim().min(1),
  // During a rotation Shopify may still sign with the old secret for up to an hour: accept both.
  SHOPIFY_WEBHOOK_SECRET: z
    .string()
    .transform((s) =>
      s
        .split(',')
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(z.string()).min(1, 'needs at least one secret').max(2, 'at most two secrets')),
  SHOPIFY_API_VERSION: z
    .string()
    .regex(/^\d{4}-(01|04|07|10)$|^unstable$/, 'must look like 2025-01')
    .default('2025-01'),
  SHOPIFY_API_URL: z.url().optional(),
  // The public base URL of the ingress; the connector subscribes `${it}/webhooks/shopify`.
  SHOPIFY_WEBHOOK_ADDRESS: z.url({ protocol: /^https?$/ }).optional(),
  INGRESS_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  HOST: z.string().min(1).default('127.0.0.1'),
});

export interface ShopifyConfig {
  shop: string;
  accessToken: string;
  /** One or two secrets; any of them may have signed a webhook. */
  webhookSecret: string[];
  apiVersion: string;
  /** Base URL that replaces `https://<shop>` (a plain-HTTP sandbox); unset for real Shopify. */
  apiUrl?: string;
  /**
   * Public base URL of the ingress, where Shopify delivers; with it the connector manages its own
   * webhook subscriptions. Unset: someone subscribes the ingress by hand.
   */
  webhookAddress?: string;
  ingressPort: number;
  host: string;
}

/** Validates the environment once and names every bad key; never echoes a secret's value. */
export function loadShopifyConfig(env: NodeJS.ProcessEnv = process.env): ShopifyConfig {
  const names = Object.keys(shopifyConfigSchema.shape);
  const parsed = shopifyConfigSchema.safeParse(resolveFileVariables(env, names));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const d = parsed.data;
  // Real Shopify refuses a plain-HTTP callback; only a sandbox (SHOPIFY_API_URL) may take one.
  if (
    d.SHOPIFY_WEBHOOK_ADDRESS &&
    !d.SHOPIFY_API_URL &&
    !/^https:/.test(d.SHOPIFY_WEBHOOK_ADDRESS)
  ) {
    throw new ConfigError([
      'SHOPIFY_WEBHOOK_ADDRESS: Shopify delivers webhooks only to https:// addresses',
    ]);
  }
  const config: ShopifyConfig = {
    shop: d.SHOPIFY_SHOP.toLowerCase(),
    accessToken: d.SHOPIFY_ACCESS_TOKEN,
    webhookSecret: d.SHOPIFY_WEBHOOK_SECRET,
    apiVersion: d.SHOPIFY_API_VERSION,
    ingressPort: d.INGRESS_PORT,
    host: d.HOST,
  };
  if (d.SHOPIFY_API_URL) config.apiUrl = d.SHOPIFY_API_URL.replace(/\/+$/, '');
  if (d.SHOPIFY_WEBHOOK_ADDRESS) {
    config.webhookAddress = d.SHOPIFY_WEBHOOK_ADDRESS.replace(/\/+$/, '');
  }
  return config;
}
