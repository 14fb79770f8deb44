import type { ShopifyInventory, QuantityWrite } from '../../connectors/shopify/inventory';
import { variantId as variantIdOf } from '../../store/ids';
import {
  RefusedError,
  TransientError,
  type Flow,
  type FlowContext,
  type FlowOutcome,
} from '../flow';
import { decide, type StockInputs, type StockTarget } from './decide';
import { readStockInputs } from './inputs';
import type { StockSettings } from './settings';
import { StockWriter } from './writer';

export { stockSettings, type StockSettings } from './settings';

/**
 * Flow 2, stock → channels: the ERP is the stock master per location. A key is one variant (its
 * canonical id): every change of its stock on either side, of its ERP sales orders or its Shopify
 * orders, recomputes what Shopify may sell at each mapped location and writes only the locations
 * that differ, by compare-and-set. Shopify's echo of that write recomputes to the same numbers and
 * ends `unchanged`, with no call.
 */
export interface StockFlowOptions {
  inventory: Pick<ShopifyInventory, 'setAvailable' | 'readLevels'>;
  settings: StockSettings;
  /** Re-reads after COMPARE_QUANTITY_STALE before the run is retried later (a busy item). */
  maxStaleRounds?: number;
}

type Rows = Record<string, unknown>;

/** The variants of a record's lines: by SKU (sales order lines), or named (order lines). */
function variantsOf(record: Rows, children: string): string[] {
  const lines: unknown = record[children];
  if (!Array.isArray(lines)) return [];
  const ids = (lines as Rows[]).flatMap((line) => {
    if (typeof line.variantId === 'string') return [line.variantId];
    return typeof line.sku === 'string' && line.sku.trim() ? [variantIdOf(line.sku)] : [];
  });
  return [...new Set(ids)];
}

export function stockToChannels(options: StockFlowOptions): Flow {
  const writer = new StockWriter(options.inventory);
  const rounds = options.maxStaleRounds ?? 5;
  const written = new WrittenLevels();

  return {
    name: 'stock-to-channels',
    // Stock on either side; orders and sales orders move the units not yet in the ERP; a new
    // Shopify variant of a SKU the ERP stocks.
    triggers: ['inventory-level', 'variant', 'sales-order', 'order'],
    mappings: ['location', 'erp-item'],
    keysFor(entity, record) {
      if (record.deleted === true) return [];
      switch (entity) {
        case 'inventory-level':
          return typeof record.variantId === 'string' ? [record.variantId] : [];
        case 'variant':
          return typeof record.id === 'string' ? [record.id] : [];
        case 'sales-order':
          return variantsOf(record, 'lines');
        case 'order':
          return variantsOf(record, 'lineItems');
        default:
          return [];
      }
    },
    async sync(key: string, ctx: FlowContext): Promise<FlowOutcome> {
      const read = await readStockInputs(ctx.em, key, options.settings);
      if (read.kind !== 'ready') return { state: read.kind, reason: read.reason };
      const itemGid = `gid://shopify/InventoryItem/${read.inventoryItemId}`;
      let inputs = written.overlay(read.inventoryItemId, read.inputs, read.versions);
      for (let round = 0; round <= rounds; round += 1) {
        const decision = decide(inputs);
        if (decision.kind === 'parked') return { state: 'parked', reason: decision.reason };
        const { changed, sourceVersion } = decision;
        if (changed.length === 0) return { state: 'unchanged', sourceVersion };
        const outcome = await writer.write(
          changed.map((t) => writeOf(itemGid, t)),
          referenceOf(inputs.sku, sourceVersion),
        );
        if (outcome.state === 'applied') {
          written.remember(read.inventoryItemId, changed, read.versions);
          ctx.logger.debug({ sku: inputs.sku, changed }, 'channel stock set');
          return {
            state: 'done',
            targetId: outcome.adjustmentGroupId ?? itemGid,
            sourceVersion,
          };
        }
        if (outcome.state === 'refused') {
          throw new RefusedError(
            `Shopify refused the stock of ${inputs.sku}: ${outcome.message}`,
            outcome.code ?? undefined,
          );
        }
        // A sale (or a person) moved Shopify's available since it was read: read again, decide again.
        inputs = withReadings(inputs, await options.inventory.readLevels(itemGid, ctx.signal));
      }
      throw new TransientError(`Shopify's stock of ${inputs.sku} kept moving; will try again`);
    },
  };
}

function writeOf(inventoryItemId: string, target: StockTarget): QuantityWrite {
  return {
    inventoryItemId,
    locationId: `gid://shopify/Location/${target.locationId}`,
    quantity: target.quantity,
    compareQuantity: target.current,
  };
}

/** Names the ERP stock the write carries: its SKU and the version of the numbers decided. */
export function referenceOf(sku: string, sourceVersion: string): string {
  return `plexus://erp/stock/${encodeURIComponent(sku)}?version=${sourceVersion}`;
}

/** Shopify's fresh numbers in place of the store's; the ERP's side stays as read. */
function withReadings(
  inputs: StockInputs,
  readings: { locationId: string; available: number; committed: number }[],
): StockInputs {
  const byLocation = new Map(readings.map((r) => [r.locationId.split('/').pop() ?? '', r]));
  return {
    ...inputs,
    levels: inputs.levels.flatMap((level) => {
      const fresh = byLocation.get(level.locationId);
      // No longer stocked there: nothing to write.
      return fresh ? [{ ...level, available: fresh.available, committed: fresh.committed }] : [];
    }),
  };
}

/**
 * What this process last wrote to each level, until the store has seen it. Changes on the ERP's
 * side often run a variant again before its own write's webhook has come back round; the store
 * then still shows Shopify's value from before the write, and comparing with that would be refused
 * as stale (a call and a re-read wasted). So while the store still holds the very version of the
 * level the write was decided on, the written value is taken as Shopify's: a write proves it by
 * compareQuantity, and an `unchanged` taken on it is followed by the run that the next version's
 * arrival (the write's own echo, or a sale after it) calls for. Any newer version ends the entry,
 * whatever its value. Matching the value instead (the store showing what the write replaced) took
 * a sale that brought the level back to that value for the unseen write: the next ERP receipt then
 * recomputed the written value and ended `unchanged` with Shopify short of it for good (issue 12).
 */
class WrittenLevels {
  private readonly levels = new Map<string, { quantity: number; version: number }>();

  remember(
    inventoryItemId: string,
    targets: StockTarget[],
    versions: ReadonlyMap<string, number>,
  ): void {
    for (const t of targets) {
      const version = versions.get(t.locationId);
      if (version === undefined) continue;
      this.levels.set(`${inventoryItemId}@${t.locationId}`, { quantity: t.quantity, version });
    }
  }

  overlay(
    inventoryItemId: string,
    inputs: StockInputs,
    versions: ReadonlyMap<string, number>,
  ): StockInputs {
    return {
      ...inputs,
      levels: inputs.levels.map((level) => {
        const key = `${inventoryItemId}@${level.locationId}`;
        const mine = this.levels.get(key);
        if (!mine) return level;
        if (versions.get(level.locationId) !== mine.version) {
          this.levels.delete(key);
          return level;
        }
        return { ...level, available: mine.quantity };
      }),
    };
  }
}
