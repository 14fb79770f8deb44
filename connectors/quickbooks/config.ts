import { z } from 'zod';
import { ConfigError } from '../../lib/errors';
import { resolveFileVariables } from '../../lib/config';

/**
 * The connector's settings. Secrets may come from `NAME_FILE`. The parsed object holds its secrets
 * under `clientSecret`, `refreshToken` and `webhookSecret` on purpose: lib/logger.ts redacts
 * exactly those keys, so a logged `{ config }` never shows them.
 */

export const SECRET_NAMES = [
  'QBO_CLIENT_SECRET',
  'QBO_REFRESH_TOKEN',
  'QBO_WEBHOOK_VERIFIER_TOKEN',
] as const;

/** Intuit's limit is 500 requests per minute per realm; stay under it with a margin. */
export const DEFAULT_REQUESTS_PER_MINUTE = 450;

const url = z.url().transform((u) => u.replace(/\/+$/, ''));

export const quickBooksConfigSchema = z.object({
  QBO_API_URL: url.default('https://quickbooks.api.intuit.com'),
  QBO_TOKEN_URL: url.default('https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer'),
  QBO_REALM_ID: z.string().trim().regex(/^\d+$/, 'must be the numeric company (realm) id'),
  QBO_CLIENT_ID: z.string().trim().min(1),
  QBO_CLIENT_SECRET: z.string().trim().min(1),
  // Optional: once the token file holds a newer one, this first token is dead anyway.
  QBO_REFRESH_TOKEN: z.string().trim().min(1).optional(),
  QBO_WEBHOOK_VERIFIER_TOKEN: z.string().trim().min(1),
  // Intuit refuses anything below 75 since 2025-08-01.
  QBO_MINOR_VERSION: z.coerce.number().int().min(75, 'must be 75 or later').default(75),
  QBO_REQUESTS_PER_MINUTE: z.coerce
    .number()
    .int()
    .min(1)
    .max(500, "must stay within Intuit's 500 per minute")
    .default(DEFAULT_REQUESTS_PER_MINUTE),
  QBO_TOKEN_FILE: z.string().min(1).default('./data/quickbooks-token.json'),
  QBO_HOME_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  QBO_POLL_INTERVAL_MS: z.coerce.number().int().min(1_000).default(60_000),
  INGRESS_PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  HOST: z.string().min(1).default('127.0.0.1'),
});

export interface QuickBooksConfig {
  /** Base URL of the accounting API (no `/v3`); the sandbox's in tests. */
  apiUrl: string;
  tokenUrl: string;
  realmId: string;
  clientId: string;
  clientSecret: string;
  /** The refresh token to start from when the token store has none. */
  refreshToken?: string;
  /** The webhooks verifier token: the key of `intuit-signature`. */
  webhookSecret: string;
  minorVersion: number;
  requestsPerMinute: number;
  tokenFile: string;
  /** Currency of records that carry no CurrencyRef (multicurrency off). */
  homeCurrency: string;
  pollIntervalMs: number;
  ingressPort: number;
  host: string;
}

/** Validates the environment once and names every bad key; never echoes a secret's value. */
export function loadQuickBooksConfig(env: NodeJS.ProcessEnv = process.env): QuickBooksConfig {
  const names = Object.keys(quickBooksConfigSchema.shape);
  const parsed = quickBooksConfigSchema.safeParse(resolveFileVariables(env, names));
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`));
  }
  const d = parsed.data;
  return {
    apiUrl: d.QBO_API_URL,
    tokenUrl: d.QBO_TOKEN_URL,
    realmId: d.QBO_REALM_ID,
    clientId: d.QBO_CLIENT_ID,
    clientSecret: d.QBO_CLIENT_SECRET,
    ...(d.QBO_REFRESH_TOKEN ? { refreshToken: d.QBO_REFRESH_TOKEN } : {}),
    webhookSecret: d.QBO_WEBHOOK_VERIFIER_TOKEN,
    minorVersion: d.QBO_MINOR_VERSION,
    requestsPerMinute: d.QBO_REQUESTS_PER_MINUTE,
    tokenFile: d.QBO_TOKEN_FILE,
    homeCurrency: d.QBO_HOME_CURRENCY,
    pollIntervalMs: d.QBO_POLL_INTERVAL_MS,
    ingressPort: d.INGRESS_PORT,
    host: d.HOST,
  };
}
