import { z } from 'zod';
import { knobSettingsSchema } from '../toolkit/knobs';
import { personSchema } from '../toolkit/people';
import { deliveryKnobsSchema } from '../toolkit/webhooks';
import { clockOption, loggerOption, trafficOption } from '../toolkit/options';

// The Business Central sandbox's options, validated once (see ../toolkit/options.ts).
export const bcSandboxConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4302),
  tenantId: z.string().min(1).default('plexus-sandbox-tenant'),
  environment: z.string().min(1).default('production'),
  companyName: z.string().min(1).default('CRONUS USA, Inc.'),
  /** Entra ID app registration the connector authenticates as (client credentials). */
  clientId: z.string().min(1).default('bc-sandbox-client'),
  clientSecret: z.string().min(1).default('bc-sandbox-secret'),
  /** Entra ID issues client-credentials tokens for about an hour. */
  tokenTtlSeconds: z.number().int().positive().default(3599),
  /** 6,000 requests per 5 minutes per user, then 429. */
  rateLimit: z
    .object({
      requests: z.number().int().positive().default(6000),
      windowSeconds: z.number().positive().default(300),
    })
    .default({ requests: 6000, windowSeconds: 300 }),
  /** Server-side page size when the client sends no `Prefer: odata.maxpagesize`. */
  serverPageSize: z.number().int().positive().max(20_000).default(20_000),
  /** Subscriptions live 3 days unless renewed. */
  subscriptionTtlHours: z.number().positive().default(72),
  /** BC gathers changes for ~30 s before notifying; scaled down. */
  notificationWindowMs: z.number().int().min(0).default(200),
  /** More changes than this for one subscription in one window become one `collection` item. */
  collectionThreshold: z.number().int().min(1).default(1000),
  seed: z.number().int().default(42),
  customers: z.number().int().min(0).default(150),
  items: z.number().int().min(1).default(60),
  locations: z.number().int().min(1).max(10).default(3),
  /**
   * Sales orders already in the company when it starts (history). None by default: a shop's orders
   * become sales orders through the order-to-erp flow, as they do in Business Central.
   */
  salesOrders: z.number().int().min(0).default(0),
  historyDays: z.number().positive().default(365),
  /** End of the seeded history, epoch ms (default: start time). */
  now: z.number().int().optional(),
  currencyCode: z.string().length(3).default('USD'),
  /** People seeded verbatim (emails as given), in addition to the generated ones. */
  people: z.array(personSchema).default([]),
  /**
   * Items to seed instead of generated ones, e.g. a shop's variants: the item number is the SKU,
   * as the ERP and the shop agree on in a real integration. `items` is then ignored.
   */
  catalog: z
    .array(z.object({ sku: z.string().min(1), name: z.string().min(1), price: z.number().min(0) }))
    .default([]),
  /** Warehouse names to seed instead of generated ones (`locations` is then ignored). */
  warehouses: z.array(z.string().min(1)).max(10).default([]),
  knobs: knobSettingsSchema.partial().default({}),
  webhooks: deliveryKnobsSchema.partial().default({}),
  traffic: trafficOption,
  /** Time source for tokens, subscriptions and stamps; tests move it instead of sleeping. */
  clock: clockOption,
  logger: loggerOption,
});

export type BcSandboxConfig = z.input<typeof bcSandboxConfigSchema>;
export type ResolvedBcSandboxConfig = z.output<typeof bcSandboxConfigSchema>;
