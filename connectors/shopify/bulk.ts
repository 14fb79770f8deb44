import type { ChangeEvent } from '../../schema/events';
import type { ShopifyClient } from './client';
import { publish, raiseWatermark, type ConnectorContext } from './context';
import {
  BULK_CUSTOMERS,
  BULK_INVENTORY_LEVELS,
  BULK_ORDERS,
  BULK_PRODUCTS,
  BULK_RUN_MUTATION,
  BULK_STATUS_QUERY,
  bulkQuery,
} from './documents';
import { BulkOperationError, ShopifyApiError } from './errors';
import { gidType, reassemble, splitLines, type Row } from './jsonl';
import {
  mapCustomer,
  mapInventoryLevel,
  mapLocation,
  mapOrder,
  mapProduct,
  upsertEvent,
  type ShopifyEntity,
} from './mapping';
import { laterOf, updatedSince } from './pages';
import type { Progress } from '../common/progress';
import type {
  CustomerNode,
  InventoryLevelNode,
  LocationNode,
  OrderNode,
  ProductNode,
} from './types';

/**
 * Bulk backfill, for large stores: one bulk operation per entity (one at a time: before API
 * 2026-01 a shop runs one bulk query at once), polled until done, its JSONL downloaded and
 * reassembled, then published in chunks. The checkpoint keeps the operation id and how many
 * records were published, so a restart re-downloads the same result and skips what was sent.
 */

export interface BulkSpec {
  entity: ShopifyEntity;
  template: string;
  children: Record<string, string>;
  toEvents(row: Row): ChangeEvent[];
}

const asNode = <T>(row: Row) => row as unknown as T;
const withNodes = (row: Row, field: string): Row => ({
  ...row,
  [field]: row[field] ?? { nodes: [] },
});

export const BULK_SPECS: BulkSpec[] = [
  {
    entity: 'location',
    template: BULK_INVENTORY_LEVELS,
    children: { InventoryLevel: 'inventoryLevels' },
    toEvents: (row) => {
      const levels = (withNodes(row, 'inventoryLevels').inventoryLevels as { nodes: Row[] }).nodes;
      const events = [upsertEvent('location', mapLocation(asNode<LocationNode>(row)))];
      for (const level of levels) {
        const payload = mapInventoryLevel(asNode<InventoryLevelNode>(level));
        if (payload) events.push(upsertEvent('inventory-level', payload));
      }
      return events;
    },
  },
  {
    entity: 'product',
    template: BULK_PRODUCTS,
    children: { ProductVariant: 'variants' },
    toEvents: (row) => [
      upsertEvent('product', mapProduct(asNode<ProductNode>(withNodes(row, 'variants')))),
    ],
  },
  {
    entity: 'customer',
    template: BULK_CUSTOMERS,
    children: {},
    toEvents: (row) => [upsertEvent('customer', mapCustomer(asNode<CustomerNode>(row)))],
  },
  {
    entity: 'order',
    template: BULK_ORDERS,
    children: { LineItem: 'lineItems' },
    toEvents: (row) => [
      upsertEvent('order', mapOrder(asNode<OrderNode>(withNodes(row, 'lineItems')))),
    ],
  },
];

interface BulkOperation {
  id: string;
  status: string;
  errorCode: string | null;
  objectCount: string | number;
  url: string | null;
  partialDataUrl: string | null;
}

interface BulkCheckpoint {
  since: string | null;
  operationId: string | null;
  published: number;
  done: boolean;
}

export interface BulkOptions {
  since?: string;
  restart?: boolean;
  progress?: Progress;
  pollMs?: number;
  /** Downloads the result file; the connector passes one that reaches a plain-HTTP sandbox. */
  download: (url: string) => Promise<Response>;
  chunkSize?: number;
  sleep?: (ms: number) => Promise<void>;
}

async function startOperation(client: ShopifyClient, query: string): Promise<string> {
  const data = await client.request<{
    bulkOperationRunQuery: {
      bulkOperation: { id: string } | null;
      userErrors: { field: string[] | null; message: string }[];
    };
  }>(BULK_RUN_MUTATION, { query });
  const { bulkOperation, userErrors } = data.bulkOperationRunQuery;
  if (!bulkOperation) {
    const message = userErrors.map((e) => e.message).join('; ') || 'no operation returned';
    // "already in progress" passes once the other operation ends: worth retrying later.
    throw new ShopifyApiError(`bulkOperationRunQuery refused: ${message}`, {
      code: 'SHOPIFY_BULK_REFUSED',
      retriable: /in progress/i.test(message),
    });
  }
  return bulkOperation.id;
}

const TERMINAL = new Set(['COMPLETED', 'FAILED', 'CANCELED', 'EXPIRED']);

export async function waitForOperation(
  client: ShopifyClient,
  id: string,
  pollMs: number,
  sleep: (ms: number) => Promise<void>,
): Promise<BulkOperation> {
  for (;;) {
    const data = await client.request<{ node: BulkOperation | null }>(BULK_STATUS_QUERY, { id });
    if (!data.node) throw new BulkOperationError(`bulk operation ${id} not found`);
    if (TERMINAL.has(data.node.status)) return data.node;
    await sleep(pollMs);
  }
}

async function bulkEntity(ctx: ConnectorContext, spec: BulkSpec, options: BulkOptions) {
  const key = `backfill:bulk:${spec.entity}`;
  const since = options.since ?? null;
  const saved = options.restart ? undefined : await ctx.checkpoints.get(key);
  const previous: BulkCheckpoint | undefined = saved ? JSON.parse(saved) : undefined;
  const resumable = previous && previous.since === since;
  if (resumable && previous.done) return 0;
  const sleep = options.sleep ?? ((ms) => new Promise<void>((r) => setTimeout(r, ms)));
  let checkpoint: BulkCheckpoint =
    resumable && previous.operationId
      ? previous
      : { since, operationId: null, published: 0, done: false };
  let operation: BulkOperation | undefined;
  if (checkpoint.operationId) {
    operation = await waitForOperation(
      ctx.client,
      checkpoint.operationId,
      options.pollMs ?? 1000,
      sleep,
    );
    if (operation.status !== 'COMPLETED') operation = undefined;
  }
  if (!operation) {
    const query = bulkQuery(spec.template, updatedSince(since ?? undefined));
    const id = await startOperation(ctx.client, query);
    checkpoint = { since, operationId: id, published: 0, done: false };
    await ctx.checkpoints.set(key, JSON.stringify(checkpoint));
    operation = await waitForOperation(ctx.client, id, options.pollMs ?? 1000, sleep);
  }
  if (operation.status !== 'COMPLETED') {
    throw new BulkOperationError(
      `bulk ${spec.entity} ended ${operation.status} (${operation.errorCode ?? 'no code'})`,
    );
  }
  let published = 0;
  const newest = new Map<ShopifyEntity, string>();
  // A COMPLETED operation with nothing to report has no file at all.
  if (operation.url) {
    const response = await options.download(operation.url);
    if (!response.ok || !response.body) {
      throw new ShopifyApiError(`bulk result download failed: HTTP ${response.status}`, {
        code: 'SHOPIFY_BULK_DOWNLOAD',
        retriable: response.status >= 500,
      });
    }
    const childField = (gid: string) => spec.children[gidType(gid) ?? ''];
    const { roots, orphans } = await reassemble(
      splitLines(response.body as unknown as AsyncIterable<Uint8Array>),
      childField,
    );
    if (orphans)
      ctx.logger.warn({ entity: spec.entity, orphans }, 'bulk rows without their parent');
    const chunk = options.chunkSize ?? 250;
    for (let i = checkpoint.published; i < roots.length; i += chunk) {
      const slice = roots.slice(i, i + chunk);
      const events = slice.flatMap((row) => spec.toEvents(row));
      published += await publish(ctx, events);
      for (const e of events) {
        const entity = e.entity as ShopifyEntity;
        const later = laterOf(newest.get(entity), e.occurredAt);
        if (later) newest.set(entity, later);
      }
      options.progress?.tick(events.length);
      checkpoint = { ...checkpoint, published: Math.min(roots.length, i + chunk) };
      await ctx.checkpoints.set(key, JSON.stringify(checkpoint));
    }
  }
  await ctx.checkpoints.set(key, JSON.stringify({ ...checkpoint, done: true }));
  for (const [entity, seen] of newest) await raiseWatermark(ctx, entity, seen);
  return published;
}

export async function runBulkBackfill(ctx: ConnectorContext, options: BulkOptions) {
  let records = 0;
  for (const spec of BULK_SPECS) {
    records += await bulkEntity(ctx, spec, options);
  }
  return { records };
}
