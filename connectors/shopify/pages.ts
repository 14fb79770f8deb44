import type { ChangeEvent } from '../../schema/events';
import type { ShopifyClient } from './client';
import { ShopifyApiError } from './errors';
import type { PagedEntity } from './entities';

export interface PageResult {
  events: ChangeEvent[];
  /** Newest updatedAt on the page (ISO), for the reconciliation watermark. */
  newest: string | undefined;
  endCursor: string | null;
  hasNextPage: boolean;
  warnings: string[];
}

/** `updated_at:>'…'`, Shopify's search syntax; undefined reads everything. */
export const updatedSince = (since: string | undefined): string | undefined =>
  since ? `updated_at:>'${new Date(since).toISOString()}'` : undefined;

/**
 * Reads one entity page by page (sorted by UPDATED_AT), from `after` when resuming. A record
 * changed during the read moves to the end of the sort, so it is read again there.
 */
export async function* readPages<N extends { updatedAt: string }>(
  client: ShopifyClient,
  spec: PagedEntity<N>,
  options: { search?: string; after?: string | null; signal?: AbortSignal },
): AsyncGenerator<PageResult> {
  let after = options.after ?? null;
  for (;;) {
    const variables: Record<string, unknown> = { ...spec.variables, first: spec.pageSize, after };
    if (!spec.withoutSearch) variables.query = options.search ?? null;
    const data = await client.request<unknown>(spec.document, variables, options.signal);
    const page = spec.connection(data);
    if (!page) {
      throw new ShopifyApiError(`no ${spec.entity} connection in the response`, {
        code: 'SHOPIFY_UNEXPECTED_RESPONSE',
      });
    }
    let newest: string | undefined;
    const warnings: string[] = [];
    const events: ChangeEvent[] = [];
    for (const node of page.nodes) {
      events.push(...spec.toEvents(node));
      if (!newest || Date.parse(node.updatedAt) > Date.parse(newest)) newest = node.updatedAt;
      const warning = spec.warning?.(node);
      if (warning) warnings.push(warning);
    }
    const { hasNextPage, endCursor } = page.pageInfo;
    yield { events, newest, endCursor, hasNextPage, warnings };
    if (!hasNextPage || !endCursor) return;
    after = endCursor;
  }
}

export const laterOf = (a: string | undefined, b: string | undefined): string | undefined =>
  !a ? b : !b ? a : Date.parse(a) >= Date.parse(b) ? a : b;
