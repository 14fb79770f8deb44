import { z } from 'zod';
import { knobSettingsSchema } from '../toolkit/knobs';
import { deliveryKnobsSchema } from '../toolkit/webhooks';
import { loggerOption, trafficOption } from '../toolkit/options';

// The sandbox's options, validated once; a bad value fails fast, naming every problem.
export const shopifySandboxConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4301),
  /** `my-shop` or `my-shop.myshopify.com`. */
  shop: z.string().min(1).default('plexus-sandbox'),
  accessToken: z.string().min(1).default('shpat_sandbox_token'),
  webhookSecret: z.string().min(1).default('sandbox_webhook_secret'),
  apiVersion: z
    .string()
    .regex(/^\d{4}-\d{2}$|^unstable$/)
    .default('2025-01'),
  /** Points per second: Standard 100, Advanced 200, Plus 1000, Enterprise 2000. */
  restoreRate: z.number().positive().default(100),
  seed: z.number().int().default(42),
  customers: z.number().int().min(0).default(150),
  products: z.number().int().min(0).default(60),
  orders: z.number().int().min(0).default(600),
  locations: z.number().int().min(1).max(20).default(3),
  historyDays: z.number().positive().default(365),
  /** End of the seeded history, epoch ms (default: start time). */
  now: z.number().int().optional(),
  currency: z.enum(['USD', 'EUR', 'GBP', 'CAD', 'AUD']).default('USD'),
  /** The shop's IANA time zone: webhook payloads carry timestamps in its offset. */
  timezone: z
    .string()
    .refine(isTimeZone, { message: 'is not an IANA time zone' })
    .default('America/New_York'),
  /**
   * Shopify's published Admin schema (an introspection result, .json or .json.gz) to serve in
   * full; default: the SHOPIFY_ADMIN_SCHEMA environment variable, else the subset.
   */
  schemaFile: z.string().min(1).optional(),
  /**
   * Shopify Payments: the processing fee of a charge (basis points plus fixed cents: 2.9% + 30¢)
   * and how often a payout gathers the balance (0: only when `payments.issuePayout()` is called).
   */
  payments: z
    .object({
      feeBasisPoints: z.number().int().min(0).max(10_000).default(290),
      feeFixedCents: z.number().int().min(0).default(30),
      payoutIntervalMs: z.number().int().min(0).default(0),
    })
    .default({ feeBasisPoints: 290, feeFixedCents: 30, payoutIntervalMs: 0 }),
  /** How long a bulk operation stays RUNNING before its result appears. */
  bulkDelayMs: z.number().int().min(0).default(100),
  knobs: knobSettingsSchema.partial().default({}),
  webhooks: deliveryKnobsSchema.partial().default({}),
  traffic: trafficOption,
  /** Fastify log level, or false. */
  logger: loggerOption,
});

export type ShopifySandboxConfig = z.input<typeof shopifySandboxConfigSchema>;
export type ResolvedShopifySandboxConfig = z.output<typeof shopifySandboxConfigSchema>;

function isTimeZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}
