import type { Config } from '../lib/config';
import { TrustedDocuments } from './documents';
import type { GatewayOptions } from './server';

/** Keeps only the keys that are set, so that unset ones fall back to the gateway's defaults. */
function defined<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}

/** The gateway's limits and exposure from the environment (README "Query limits"). */
export function gatewaySettings(
  config: Config,
  embeddedDemo: boolean,
): Omit<GatewayOptions, 'authenticate'> {
  return {
    introspection: config.PLEXUS_INTROSPECTION ?? embeddedDemo,
    allowedHosts: config.PLEXUS_ALLOWED_HOSTS,
    trustedDocuments: config.PLEXUS_TRUSTED_DOCUMENTS
      ? TrustedDocuments.fromFile(config.PLEXUS_TRUSTED_DOCUMENTS)
      : undefined,
    queryLimits: defined({
      maxDocumentBytes: config.PLEXUS_MAX_DOCUMENT_BYTES,
      maxTokens: config.PLEXUS_MAX_TOKENS,
      maxDepth: config.PLEXUS_MAX_DEPTH,
      maxAliases: config.PLEXUS_MAX_ALIASES,
      maxCost: config.PLEXUS_MAX_QUERY_COST,
    }),
    costBucket: defined({
      maximumAvailable: config.PLEXUS_COST_BUCKET_SIZE,
      restoreRate: config.PLEXUS_COST_RESTORE_RATE,
    }),
    inFlight: defined({
      maxInFlight: config.PLEXUS_MAX_IN_FLIGHT,
      maxInFlightPerCaller: config.PLEXUS_MAX_IN_FLIGHT_PER_CALLER,
    }),
    server: defined({ bodyLimit: config.PLEXUS_MAX_BODY_BYTES }),
  };
}
