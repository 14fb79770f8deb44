import type { HubSpotClient, SearchFilter } from './client';
import { modifiedAt } from './mapping';
import type { HubObject, ObjectSpec } from './objects';

/**
 * Every object modified in a time window, through the search endpoint. One search stops at
 * 10,000 results (an `after` past the cap is a 400), so a window whose `total` exceeds the cap is
 * bisected by time until each half fits. Inside a window, pages advance by the last instant seen
 * (GTE it, skipping the ids already read there) rather than by offset: a record modified during
 * the pass leaves the window without shifting another one out of view.
 */

export const SEARCH_RESULT_CAP = 10_000;
export const SEARCH_PAGE_SIZE = 200;

export interface WindowStats {
  searches: number;
  /** Windows split in two because their total exceeded the cap. */
  bisections: number;
}

export interface WindowOptions {
  cap?: number;
  pageSize?: number;
  stats?: WindowStats;
}

const filter = (spec: ObjectSpec, operator: SearchFilter['operator'], ms: number) => ({
  propertyName: spec.modifiedProperty,
  operator,
  value: String(ms),
});

/** Pages (ascending by modification) of every object modified in `(from, to]`. */
export async function* changedBetween(
  client: HubSpotClient,
  spec: ObjectSpec,
  from: number,
  to: number,
  options: WindowOptions = {},
): AsyncGenerator<HubObject[]> {
  const cap = options.cap ?? SEARCH_RESULT_CAP;
  const limit = options.pageSize ?? SEARCH_PAGE_SIZE;
  const stats = options.stats ?? { searches: 0, bisections: 0 };
  const search = (filters: SearchFilter[], sortBy = spec.modifiedProperty) => {
    stats.searches += 1;
    return client.search(spec.type, {
      filters,
      sort: { propertyName: sortBy, direction: 'ASCENDING' },
      properties: spec.properties,
      limit,
    });
  };
  const modified = (o: HubObject) => modifiedAt(o, spec.modifiedProperty);

  /** More than a page modified at one instant: walk it by id instead. */
  async function* sameInstant(at: number, seen: Set<string>): AsyncGenerator<HubObject[]> {
    let lastId = '0';
    for (;;) {
      const page = await search(
        [filter(spec, 'EQ', at), { propertyName: 'hs_object_id', operator: 'GT', value: lastId }],
        'hs_object_id',
      );
      const fresh = page.results.filter((o) => !seen.has(o.id));
      if (fresh.length) yield fresh;
      const last = page.results.at(-1);
      if (!last || !page.after) return;
      lastId = last.id;
    }
  }

  async function* window(lo: number, hi: number): AsyncGenerator<HubObject[]> {
    let page = await search([filter(spec, 'GT', lo), filter(spec, 'LTE', hi)]);
    if (page.total > cap && hi - lo > 1) {
      stats.bisections += 1;
      const mid = lo + Math.floor((hi - lo) / 2);
      yield* window(lo, mid);
      yield* window(mid, hi);
      return;
    }
    let seenAt = new Set<string>();
    for (;;) {
      const fresh = page.results.filter((o) => !seenAt.has(o.id));
      if (fresh.length) yield fresh;
      const last = page.results.at(-1);
      if (!last || !page.after) return;
      const at = modified(last);
      const atLast = page.results.filter((o) => modified(o) === at).map((o) => o.id);
      seenAt = new Set([...(at === modified(page.results[0] ?? last) ? seenAt : []), ...atLast]);
      if (atLast.length >= page.results.length) {
        // A whole page at one instant: the GTE keyset would stall on it.
        yield* sameInstant(at, seenAt);
        seenAt = new Set();
        page = await search([filter(spec, 'GT', at), filter(spec, 'LTE', hi)]);
      } else {
        page = await search([filter(spec, 'GTE', at), filter(spec, 'LTE', hi)]);
      }
    }
  }

  if (to > from) yield* window(from, to);
}
