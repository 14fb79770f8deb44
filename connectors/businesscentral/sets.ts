import type { ChangeEvent } from '../../schema/events';
import { HttpApiError } from '../common/http';
import { withQuery, type BcSet } from './client';
import { laterOf, type BcContext } from './context';
import {
  deleteEvent,
  EMPTY_GUID,
  mapCustomer,
  mapInventoryLevel,
  mapItem,
  mapLocation,
  mapSalesOrder,
  mapShipment,
  upsertEvent,
} from './mapping';
import { readPages, validRecords } from './pages';
import {
  customerRecord,
  itemRecord,
  itemVariantRecord,
  locationRecord,
  locationStockRecord,
  salesOrderRecord,
  salesShipmentRecord,
  type ItemRecord,
} from './records';

/**
 * One entry per BC entity set: how to read it (query options), and how a page of its records
 * becomes events. Backfill and polling share these; they differ only in the `$filter`.
 */

export interface SetReader {
  set: BcSet;
  /** BC can notify about it (shipments cannot be subscribed to: they are polled). */
  subscribable: boolean;
  /** Query options every read adds (`$expand` of order lines). */
  query?: Record<string, string>;
  /** A page of raw records → events to publish, and the newest change among them. */
  toEvents(ctx: BcContext, values: readonly unknown[], from: string): Promise<SetResult>;
}

export interface SetResult {
  events: ChangeEvent[];
  newest: string | undefined;
  records: number;
}

const newestOf = (records: readonly { lastModifiedDateTime: string }[]) =>
  records.reduce<string | undefined>((n, r) => laterOf(n, r.lastModifiedDateTime), undefined);

async function fetchItem(ctx: BcContext, id: string): Promise<ItemRecord | undefined> {
  const url = `${ctx.client.setUrl('items')}(${id})`;
  try {
    const [item] = validRecords(ctx, itemRecord, [await ctx.client.json<unknown>({ url })], url);
    return item;
  } catch (error) {
    if (error instanceof HttpApiError && error.status === 404) return undefined;
    throw error;
  }
}

/**
 * Items whose variants changed are published again, with their variants as they are now. After a
 * variant's delete the item's version is the deletion instant, or it would not be newer.
 */
async function republishItems(
  ctx: BcContext,
  itemIds: Iterable<string>,
  deletedAt?: string,
): Promise<ChangeEvent[]> {
  const events: ChangeEvent[] = [];
  for (const id of new Set(itemIds)) {
    const item = await fetchItem(ctx, id);
    if (!item) continue;
    const payload = mapItem(item, ctx.lookups.variantsOf(item.id));
    const changed =
      laterOf(payload.lastModifiedDateTime, deletedAt) ?? payload.lastModifiedDateTime;
    payload.lastModifiedDateTime = new Date(changed).toISOString();
    events.push(upsertEvent('item', payload));
  }
  return events;
}

export const SETS: Record<BcSet, SetReader> = {
  locations: {
    set: 'locations',
    subscribable: true,
    async toEvents(ctx, values, from) {
      const records = validRecords(ctx, locationRecord, values, from);
      for (const l of records) ctx.lookups.rememberLocation(l.id, l.code);
      const events = records.map((l) => upsertEvent('location', mapLocation(l)));
      return { events, newest: newestOf(records), records: records.length };
    },
  },
  items: {
    set: 'items',
    subscribable: true,
    async toEvents(ctx, values, from) {
      await ctx.lookups.loadVariants(ctx);
      const records = validRecords(ctx, itemRecord, values, from);
      const events = records.map((i) =>
        upsertEvent('item', mapItem(i, ctx.lookups.variantsOf(i.id))),
      );
      return { events, newest: newestOf(records), records: records.length };
    },
  },
  itemVariants: {
    set: 'itemVariants',
    subscribable: true,
    async toEvents(ctx, values, from) {
      await ctx.lookups.loadVariants(ctx);
      const records = validRecords(ctx, itemVariantRecord, values, from);
      for (const v of records) ctx.lookups.rememberVariant(v);
      const events = await republishItems(
        ctx,
        records.map((v) => v.itemId),
      );
      return { events, newest: newestOf(records), records: records.length };
    },
  },
  locationStocks: {
    set: 'locationStocks',
    subscribable: true,
    async toEvents(ctx, values, from) {
      const records = validRecords(ctx, locationStockRecord, values, from);
      const events = records.map((s) => {
        const level = mapInventoryLevel(s);
        ctx.lookups.rememberStock(s.id, level.id);
        return upsertEvent('inventory-level', level);
      });
      return { events, newest: newestOf(records), records: records.length };
    },
  },
  customers: {
    set: 'customers',
    subscribable: true,
    async toEvents(ctx, values, from) {
      const records = validRecords(ctx, customerRecord, values, from);
      const events = records.map((c) =>
        upsertEvent('customer', mapCustomer(c, ctx.config.currencyCode)),
      );
      return { events, newest: newestOf(records), records: records.length };
    },
  },
  salesOrders: {
    set: 'salesOrders',
    subscribable: true,
    query: { $expand: 'salesOrderLines' },
    async toEvents(ctx, values, from) {
      const records = validRecords(ctx, salesOrderRecord, values, from);
      const { lookups } = ctx;
      await lookups.loadLocations(ctx);
      await lookups.loadVariants(ctx);
      const lines = records.flatMap((o) => o.salesOrderLines);
      const cited = (id: string) => id !== '' && id !== EMPTY_GUID;
      // A line citing a location or variant created since they were read: read them again.
      if (lines.some((l) => cited(l.locationId) && !lookups.locationCode(l.locationId))) {
        await lookups.loadLocations(ctx, true);
      }
      if (lines.some((l) => cited(l.itemVariantId) && !lookups.variant(l.itemVariantId))) {
        await lookups.loadVariants(ctx, true);
      }
      const orderLookups = {
        currencyCode: ctx.config.currencyCode,
        locationCode: (id: string) => lookups.locationCode(id),
        variantCode: (id: string) => lookups.variant(id)?.code,
      };
      const events = records.map((o) => upsertEvent('sales-order', mapSalesOrder(o, orderLookups)));
      return { events, newest: newestOf(records), records: records.length };
    },
  },
  salesShipments: {
    set: 'salesShipments',
    subscribable: false,
    async toEvents(ctx, values, from) {
      const records = validRecords(ctx, salesShipmentRecord, values, from);
      const events = records.map((s) => upsertEvent('shipment', mapShipment(s)));
      return { events, newest: newestOf(records), records: records.length };
    },
  },
};

/** Reads a set page by page from `url` (a first page, or a saved nextLink). */
export async function* readSet(
  ctx: BcContext,
  reader: SetReader,
  url: string,
  signal?: AbortSignal,
): AsyncGenerator<SetResult & { nextLink: string | undefined }> {
  for await (const page of readPages(ctx, url, signal)) {
    yield { ...(await reader.toEvents(ctx, page.values, url)), nextLink: page.nextLink };
  }
}

/** The first page's URL of a set, with its own query options and an optional `$filter`. */
export function firstPageUrl(ctx: BcContext, reader: SetReader, filter?: string): string {
  return withQuery(ctx.client.setUrl(reader.set), { ...reader.query, $filter: filter });
}

/**
 * A delete notification → a delete event. BC names only the record's GUID, so locations and
 * stock rows (keyed by code in the contract) need the lookups; a variant's delete re-publishes
 * its item instead.
 */
export async function deleteEvents(
  ctx: BcContext,
  set: BcSet,
  id: string,
  at: string,
): Promise<ChangeEvent[]> {
  switch (set) {
    case 'customers':
      return [deleteEvent('customer', id, at)];
    case 'items':
      return [deleteEvent('item', id, at)];
    case 'salesOrders':
      return [deleteEvent('sales-order', id, at)];
    case 'salesShipments':
      return [deleteEvent('shipment', id, at)];
    case 'locations': {
      const code = ctx.lookups.forgetLocation(id);
      return code ? [deleteEvent('location', code, at)] : unknownDelete(ctx, set, id);
    }
    case 'locationStocks': {
      const level = ctx.lookups.forgetStock(id);
      return level ? [deleteEvent('inventory-level', level, at)] : unknownDelete(ctx, set, id);
    }
    case 'itemVariants': {
      const variant = ctx.lookups.forgetVariant(id);
      return variant ? republishItems(ctx, [variant.itemId], at) : unknownDelete(ctx, set, id);
    }
  }
}

function unknownDelete(ctx: BcContext, set: BcSet, id: string): ChangeEvent[] {
  ctx.logger.warn(
    { set, id },
    'Business Central delete of a record this process never read: its contract key is unknown',
  );
  return [];
}
