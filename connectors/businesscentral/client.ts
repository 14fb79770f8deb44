import { ValidationError } from '../../lib/errors';
import type { Logger } from '../../lib/logger';
import type { Clock } from '../common/clock';
import type { CallObserver } from '../common/health';
import type { CallPolicy } from '../common/retry';
import { createHttpClient, type HttpClient, type HttpRequest } from '../common/http';
import { TokenProvider } from './auth';
import type { BusinessCentralConfig } from './config';
import { odataPage, type ODataPage } from './records';

/**
 * The BC API over plain fetch (there is no official npm client): bearer tokens from Entra ID,
 * the request budget and retries of ../common/http.ts, and OData paging that follows
 * `@odata.nextLink` with `Prefer: odata.maxpagesize`.
 */

export type BcSet =
  | 'customers'
  | 'items'
  | 'itemVariants'
  | 'locations'
  | 'locationStocks'
  | 'salesOrders'
  | 'salesShipments';

export interface BcClient {
  http: HttpClient;
  tokens: TokenProvider;
  /** `…/api/v2.0` (or the custom stock API) for the company: `…/companies({id})/{set}`. */
  setUrl(set: BcSet): string;
  /** The resource path a subscription names, e.g. `/api/v2.0/companies({id})/customers`. */
  resource(set: BcSet): string;
  subscriptionsUrl(): string;
  /** Reads one OData page (the first from `url` with `query`, or a nextLink as given). */
  page(url: string, signal?: AbortSignal): Promise<ODataPage>;
  json<T>(request: HttpRequest): Promise<T>;
  pageSize: number;
}

export function createBcClient(options: {
  config: BusinessCentralConfig;
  logger: Logger;
  clock?: Clock;
  /** Timeouts, retries and backoff of each call, and who is told their outcome. */
  calls?: CallPolicy & { observer?: CallObserver };
}): BcClient {
  const { config, logger } = options;
  const tokens = new TokenProvider(config, logger, options.clock);
  const http = createHttpClient({
    vendor: 'Business Central',
    logger,
    budget: config.budget,
    headers: () => tokens.headers(),
    onUnauthorized: async () => {
      tokens.invalidate();
      try {
        await tokens.token();
        return true;
      } catch (error) {
        logger.error({ err: error }, 'Business Central re-authentication failed');
        return false;
      }
    },
    ...(options.clock ? { clock: options.clock } : {}),
    ...options.calls,
  });
  const service = `${config.apiUrl}/v2.0/${encodeURIComponent(config.tenantId)}/${encodeURIComponent(config.environment)}`;
  const apiOf = (set: BcSet) =>
    set === 'locationStocks'
      ? config.stockApi
      : set === 'salesShipments'
        ? (config.shipmentApi ?? 'v2.0')
        : 'v2.0';
  const resource = (set: BcSet) => `/api/${apiOf(set)}/companies(${config.companyId})/${set}`;
  const prefer = `odata.maxpagesize=${config.pageSize}`;
  return {
    http,
    tokens,
    pageSize: config.pageSize,
    resource,
    setUrl: (set) => `${service}${resource(set)}`,
    subscriptionsUrl: () => `${service}/api/v2.0/subscriptions`,
    json: (request) => http.json(request),
    async page(url, signal) {
      const body = await http.json<unknown>({
        url,
        headers: { prefer },
        ...(signal ? { signal } : {}),
      });
      const parsed = odataPage.safeParse(body);
      if (!parsed.success) {
        throw new ValidationError(
          'Business Central answered something other than an OData collection',
          parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`),
        );
      }
      return parsed.data;
    },
  };
}

/** `url?$filter=…&…`: query options appended to a set URL. */
export function withQuery(url: string, query: Record<string, string | undefined>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) target.searchParams.set(key, value);
  }
  return target.toString();
}

/** OData wants instants unquoted: `lastModifiedDateTime gt 2025-01-01T00:00:00.000Z`. */
export const changedAfter = (instant: string | undefined): string | undefined =>
  instant ? `lastModifiedDateTime gt ${new Date(instant).toISOString()}` : undefined;
