import { z } from 'zod';
import { knobSettingsSchema } from '../toolkit/knobs';
import { personSchema } from '../toolkit/people';
import { deliveryKnobsSchema } from '../toolkit/webhooks';
import { clockOption, loggerOption, trafficOption } from '../toolkit/options';

// The HubSpot sandbox's options, validated once (see ../toolkit/options.ts).
export const hubspotSandboxConfigSchema = z.object({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.number().int().min(0).max(65535).default(4303),
  portalId: z.number().int().positive().default(62515),
  appId: z.number().int().positive().default(1160452),
  /** The private app's access token (`Authorization: Bearer pat-…`). */
  accessToken: z.string().min(1).default('pat-na1-sandbox-token'),
  /** The app's client secret: the key of webhook signatures. */
  clientSecret: z.string().min(1).default('hubspot-sandbox-client-secret'),
  /** Private apps on Pro/Enterprise: 190 requests per 10 s (Free/Starter: 100). */
  rateLimit: z
    .object({
      requests: z.number().int().positive().default(190),
      windowSeconds: z.number().positive().default(10),
      daily: z.number().int().positive().default(650_000),
    })
    .default({ requests: 190, windowSeconds: 10, daily: 650_000 }),
  /** The search endpoints have their own limit: 5 requests per second. */
  searchRequestsPerSecond: z.number().positive().default(5),
  /** One search stops at 10,000 results. */
  searchResultCap: z.number().int().positive().default(10_000),
  /** Events gathered this long are sent together (at most 100 per request). */
  webhookBatchMs: z.number().int().min(0).default(50),
  /** Sends `X-HubSpot-Request-Timestamp` this far in the past, to exercise the 5-minute window. */
  webhookTimestampSkewMs: z.number().int().default(0),
  seed: z.number().int().default(42),
  contacts: z.number().int().min(0).default(150),
  companies: z.number().int().min(0).default(30),
  deals: z.number().int().min(0).default(80),
  historyDays: z.number().positive().default(365),
  now: z.number().int().optional(),
  /** People seeded verbatim (emails as given), in addition to the generated ones. */
  people: z.array(personSchema).default([]),
  knobs: knobSettingsSchema.partial().default({}),
  /** HubSpot tries a webhook up to 10 times. */
  webhooks: deliveryKnobsSchema.partial().default({ maxAttempts: 10 }),
  traffic: trafficOption,
  clock: clockOption,
  logger: loggerOption,
});

export type HubSpotSandboxConfig = z.input<typeof hubspotSandboxConfigSchema>;
