import { z } from 'zod';
import { knobSettingsSchema } from '../toolkit/knobs';
import { personSchema } from '../toolkit/people';
import { deliveryKnobsSchema } from '../toolkit/webhooks';
import { clockOption, loggerOption, trafficOption } from '../toolkit/options';

// The QuickBooks Online sandbox's options, validated once (see ../toolkit/options.ts).
export const qboSandboxConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4304),
  realmId: z.string().regex(/^\d+$/).default('9341453051234567'),
  clientId: z.string().min(1).default('qbo-sandbox-client'),
  clientSecret: z.string().min(1).default('qbo-sandbox-secret'),
  /** The refresh token the connection starts with (as if the app was just authorised). */
  refreshToken: z.string().min(1).default('AB11-sandbox-initial-refresh-token'),
  /** Webhooks verifier token: the key of `intuit-signature`. */
  verifierToken: z.string().min(1).default('qbo-sandbox-verifier-token'),
  accessTokenTtlSeconds: z.number().int().positive().default(3600),
  refreshTokenTtlDays: z.number().positive().default(100),
  /** Since 2025-08-01 the minimum minor version is 75. */
  minMinorVersion: z.number().int().min(1).default(75),
  /** 500 requests per minute per realm. */
  rateLimit: z
    .object({
      requests: z.number().int().positive().default(500),
      windowSeconds: z.number().positive().default(60),
    })
    .default({ requests: 500, windowSeconds: 60 }),
  /** CDC: at most this many objects per response, and this many days back. */
  cdcMaxObjects: z.number().int().positive().default(1000),
  cdcMaxDays: z.number().positive().default(30),
  /** Changes gathered this long go out as one notification. */
  webhookBatchMs: z.number().int().min(0).default(100),
  /** The body format of subscriptions that do not choose one (Intuit is moving to CloudEvents). */
  webhookFormat: z.enum(['legacy', 'cloudevents']).default('legacy'),
  seed: z.number().int().default(42),
  customers: z.number().int().min(0).default(150),
  items: z.number().int().min(1).default(60),
  invoices: z.number().int().min(0).default(400),
  historyDays: z.number().positive().default(365),
  now: z.number().int().optional(),
  currency: z.string().length(3).default('USD'),
  /**
   * The company's "custom transaction numbers" preference: on, DocNumbers are the app's and a
   * duplicate is refused (6140); off, QuickBooks numbers sales documents itself.
   */
  customTxnNumbers: z.boolean().default(true),
  /** Items to sell by SKU (the shop's catalogue), seeded before the generated `items`. */
  catalog: z
    .array(z.object({ sku: z.string().min(1), name: z.string().min(1), price: z.number().min(0) }))
    .default([]),
  /** People seeded verbatim (emails as given), in addition to the generated ones. */
  people: z.array(personSchema).default([]),
  knobs: knobSettingsSchema.partial().default({}),
  webhooks: deliveryKnobsSchema.partial().default({}),
  traffic: trafficOption,
  clock: clockOption,
  logger: loggerOption,
});

export type QboSandboxConfig = z.input<typeof qboSandboxConfigSchema>;
