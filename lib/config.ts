import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { ConfigError } from './errors';
import { FLOW_NAMES } from './flow-names';

// 0 asks the OS for a free port, which tests use to run several processes side by side.
const port = (fallback: number) => z.coerce.number().int().min(0).max(65_535).default(fallback);
const flag = (fallback: boolean) =>
  z
    .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
    .default(fallback ? 'true' : 'false')
    .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const optionalFlag = z
  .enum(['1', '0', 'true', 'false', 'yes', 'no', 'on', 'off'])
  .optional()
  .transform((v) => (v === undefined ? undefined : ['1', 'true', 'yes', 'on'].includes(v)));
// Unset means "the gateway's default" (gateway/query-guard.ts, README "Query limits").
const limit = z.coerce.number().int().positive().optional();

/**
 * Every setting Plexus reads from its environment. The README's configuration table is this schema;
 * keep the two in step.
 */
export const configSchema = z.object({
  HOST: z.string().min(1).default('127.0.0.1'),
  DATABASE_URL: z
    .string()
    .regex(/^(postgres(ql)?|sqlite):\/\//, 'must start with postgres:// or sqlite://')
    .default('sqlite://./data/plexus.sqlite'),
  KAFKA_BROKERS: z
    .string()
    .regex(/^[^,\s]+:\d+(,[^,\s]+:\d+)*$/, 'must be host:port[,host:port...]')
    .optional(),
  KAFKA_CLIENT_ID: z.string().min(1).default('plexus'),
  // TLS and SASL to the brokers (streams/kafka/security.ts); a password may come as _FILE.
  KAFKA_SSL: flag(false),
  KAFKA_SSL_CA_FILE: z.string().min(1).optional(),
  KAFKA_SSL_CERT_FILE: z.string().min(1).optional(),
  KAFKA_SSL_KEY_FILE: z.string().min(1).optional(),
  KAFKA_SSL_REJECT_UNAUTHORIZED: flag(true),
  KAFKA_SASL_MECHANISM: z.enum(['plain', 'scram-sha-256', 'scram-sha-512']).optional(),
  KAFKA_SASL_USERNAME: z.string().min(1).optional(),
  KAFKA_SASL_PASSWORD: z.string().min(1).optional(),
  // The broker refuses sessions outside group.min/max.session.timeout.ms (6 s to 30 min by default).
  KAFKA_SESSION_TIMEOUT_MS: z.coerce.number().int().min(1_000).max(1_800_000).default(10_000),
  TOPIC_NAMESPACE: z
    .string()
    .regex(/^[a-z][a-z0-9_-]*(\.[a-z0-9_-]+)*$/, 'must be lower-case words joined by dots')
    .default('plexus'),
  GATEWAY_PORT: port(4000),
  SUBGRAPH_SHOPIFY_PORT: port(4001),
  SUBGRAPH_ERP_PORT: port(4002),
  SUBGRAPH_CRM_PORT: port(4003),
  SUBGRAPH_ACCOUNTING_PORT: port(4004),
  PROJECTOR_PORT: port(4020),
  CONNECT_PORT: port(4021),
  SUBGRAPH_SHOPIFY_URL: z.url().default('http://127.0.0.1:4001/graphql'),
  SUBGRAPH_ERP_URL: z.url().default('http://127.0.0.1:4002/graphql'),
  SUBGRAPH_CRM_URL: z.url().default('http://127.0.0.1:4003/graphql'),
  SUBGRAPH_ACCOUNTING_URL: z.url().default('http://127.0.0.1:4004/graphql'),
  PROJECTOR_GROUP_ID: z.string().min(1).default('plexus-projector'),
  /** Where data requests' exports are written (files 0600, the directory 0700). */
  PLEXUS_EXPORTS_DIR: z.string().min(1).default('./data/exports'),
  INGRESS_PORT: port(4010),
  SANDBOX_SHOPIFY_PORT: port(4301),
  SANDBOX_ERP_PORT: port(4302),
  SANDBOX_CRM_PORT: port(4303),
  SANDBOX_ACCOUNTING_PORT: port(4304),
  MIGRATE_ON_START: flag(true),
  // Flows (flows/settings.ts, README "Flows"): which run, and where `plexus flows` serves health.
  FLOWS: z
    .string()
    .optional()
    .transform((v) =>
      v === undefined || v.trim() === '' || v.trim() === 'all'
        ? undefined
        : v
            .split(',')
            .map((f) => f.trim())
            .filter(Boolean),
    )
    .pipe(z.array(z.enum(FLOW_NAMES)).optional()),
  FLOWS_PORT: port(4022),
  // Stock → channels (flows/stock-to-channels/settings.ts, README "Stock → channels").
  FLOWS_STOCK_SAFETY_STOCK: z.coerce.number().int().min(0).default(0),
  FLOWS_LOCATION_MAP: z
    .string()
    .regex(
      /^\s*([^=;]+=[^=;]+)?(\s*;\s*[^=;]+=[^=;]+)*\s*;?\s*$/,
      'must be "Shopify location name=ERP location code" pairs separated by ";"',
    )
    .optional(),
  FLOWS_STOCK_ERP_RESERVES: flag(false),
  // order-to-erp: which orders go, the Shopify location they ship from, its ERP location, shipping.
  FLOWS_ORDERS: z.enum(['paid', 'all']).default('paid'),
  FLOWS_ORDER_LOCATION: z.string().min(1).optional(),
  FLOWS_SHIPPING_ITEM: z.string().min(1).max(20).optional(),
  SHOP_CURRENCY: z
    .string()
    .regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code such as USD')
    .default('USD'),
  DEMO: flag(true),
  DEMO_SEED: z.coerce.number().int().default(42),
  DEMO_CHANGES_PER_SECOND: z.coerce.number().min(0).max(1000).default(0.5),
  // Unset: on in the embedded demo (`plexus start` with DEMO), off otherwise.
  PLEXUS_INTROSPECTION: optionalFlag,
  PLEXUS_ALLOWED_HOSTS: z
    .string()
    .optional()
    .transform((v) =>
      (v ?? '')
        .split(',')
        .map((h) => h.trim())
        .filter(Boolean),
    ),
  PLEXUS_TRUSTED_DOCUMENTS: z.string().min(1).optional(),
  PLEXUS_MAX_BODY_BYTES: limit,
  PLEXUS_MAX_DOCUMENT_BYTES: limit,
  PLEXUS_MAX_TOKENS: limit,
  PLEXUS_MAX_DEPTH: limit,
  PLEXUS_MAX_ALIASES: limit,
  PLEXUS_MAX_QUERY_COST: limit,
  PLEXUS_COST_BUCKET_SIZE: limit,
  PLEXUS_COST_RESTORE_RATE: limit,
  PLEXUS_MAX_IN_FLIGHT: limit,
  PLEXUS_MAX_IN_FLIGHT_PER_CALLER: limit,
  // Access (lib/auth/): the gateway → subgraph signing secret, and an optional identity provider.
  PLEXUS_SUBGRAPH_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  JWT_ISSUER: z.string().min(1).optional(),
  JWT_AUDIENCE: z.string().min(1).optional(),
  JWT_JWKS_URL: z.url().optional(),
  JWT_SCOPES_CLAIM: z.string().min(1).default('scope'),
  /** SIGTERM to exit: in-flight work past this is abandoned (it resumes from checkpoints). */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number().min(1).max(600).default(20),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type Config = z.infer<typeof configSchema>;

/**
 * Secrets may be given as `NAME_FILE=/path` instead of `NAME=value`, so that they can come from
 * mounted files (Docker or Kubernetes secrets) rather than the process environment.
 */
export function resolveFileVariables(
  env: NodeJS.ProcessEnv,
  names: readonly string[],
): Record<string, string | undefined> {
  const resolved: Record<string, string | undefined> = { ...env };
  for (const name of names) {
    const key = `${name}_FILE`;
    const path = env[key];
    if (!path || env[name] !== undefined) continue;
    try {
      resolved[name] = readFileSync(path, 'utf8').trim();
    } catch (error) {
      throw new ConfigError([`${key}: cannot read ${path} (${(error as Error).message})`]);
    }
  }
  return resolved;
}

/** Validates the environment once, reporting every bad key instead of the first. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = configSchema.safeParse(resolveFileVariables(env, Object.keys(configSchema.shape)));
  if (!parsed.success) {
    throw new ConfigError(
      parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`),
    );
  }
  return parsed.data;
}
