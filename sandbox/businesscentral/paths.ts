import type { EntitySet } from './model';

// BC URLs: `/v2.0/{tenant}/{environment}/api/{publisher/group/}{version}/companies({id})/…` on the
// service, `/api/…` here too. Parentheses hold keys, so routes are parsed here, not by fastify.
export const standardApi = 'v2.0';
/** The custom API page for stock by location (see model.ts: LocationStock). */
export const customStockApi = 'plexus/inventory/v1.0';
/** The custom API page for posted shipments with their tracking (see model.ts: SalesShipment). */
export const customShippingApi = 'plexus/shipping/v1.0';

export interface ApiPath {
  api: string;
  companyId?: string;
  set?: string;
  id?: string;
  navigation?: string;
  /** The key after the navigation: `salesOrders({id})/salesOrderLines({lineId})`. */
  navigationId?: string;
}

const pattern =
  /^(v2\.0|plexus\/inventory\/v1\.0|plexus\/shipping\/v1\.0)\/companies(?:\(([^)]+)\))?(?:\/(\w+)(?:\(([^)]+)\))?(?:\/(\w+)(?:\(([^)]+)\))?)?)?$/;

/** Parses the part of a path after `/api/`, decoded; undefined when it is not an API path. */
export function parseApiPath(path: string): ApiPath | undefined {
  const match = pattern.exec(path);
  if (!match?.[1]) return undefined;
  const [, api, companyId, set, id, navigation, navigationId] = match;
  return {
    api,
    companyId: unquote(companyId),
    set,
    id: unquote(id),
    navigation,
    navigationId: unquote(navigationId),
  };
}

function unquote(key: string | undefined): string | undefined {
  return key?.replace(/^'(.*)'$/, '$1').toLowerCase();
}

/** Which entity sets each API serves. */
export function servesSet(api: string, set: string): set is EntitySet {
  if (api === customStockApi) return set === 'locationStocks';
  if (api === customShippingApi) return set === 'salesShipments';
  return (
    set !== 'locationStocks' &&
    ['customers', 'items', 'itemVariants', 'locations', 'salesOrders', 'salesShipments'].includes(
      set,
    )
  );
}

/** A subscription's `resource`, with or without a leading slash, base URL or tenant prefix. */
export function parseResource(
  resource: string,
): { api: string; set: EntitySet; companyId: string } | undefined {
  const path = resource
    .replace(/^https?:\/\/[^/]+/, '')
    .replace(/^\/?(v2\.0\/[^/]+\/[^/]+\/)?/, '')
    .replace(/^api\//, '');
  const parsed = parseApiPath(decodeURIComponent(path));
  if (!parsed?.set || !parsed.companyId || parsed.id) return undefined;
  return servesSet(parsed.api, parsed.set)
    ? { api: parsed.api, set: parsed.set, companyId: parsed.companyId }
    : undefined;
}
