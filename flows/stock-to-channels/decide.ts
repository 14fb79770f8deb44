import { createHash } from 'node:crypto';

/**
 * What Shopify may sell of one variant at each of its locations, from the ERP's stock (the master):
 *
 *   channel quantity = max(0, ERP available − units sold on Shopify not yet in the ERP − safety stock)
 *
 * "Sold on Shopify, not yet in the ERP" is measured from the store: Shopify's own `committed` at
 * the location (units of open orders not yet fulfilled there), less the units of those same orders
 * the ERP has already taken off its available (see inputs.ts). Pure: no store, no vendor.
 */

export interface ShopifyLevelInput {
  /** The Shopify location's numeric id (its gid's tail). */
  locationId: string;
  available: number;
  committed: number;
  /** The ERP location it maps to; null: none (the ERP does not stock it, so it is left alone). */
  erpLocation: string | null;
  /** The ERP's available there; null when the ERP has no stock record at that location. */
  erpAvailable: number | null;
  /** Units of Shopify's committed ones the ERP already counts (shipped, or reserved). */
  alreadyInErp: number;
}

export interface StockInputs {
  sku: string;
  safetyStock: number;
  levels: ShopifyLevelInput[];
}

export interface StockTarget {
  locationId: string;
  erpLocation: string;
  /** What Shopify should show as available. */
  quantity: number;
  /** What Shopify showed when read: the compareQuantity of the write. */
  current: number;
}

export type StockDecision =
  | { kind: 'write'; targets: StockTarget[]; changed: StockTarget[]; sourceVersion: string }
  | { kind: 'parked'; reason: string };

/** Units sold on Shopify at a location that the ERP's available does not reflect yet. */
export function pendingUnits(level: Pick<ShopifyLevelInput, 'committed' | 'alreadyInErp'>) {
  return Math.max(0, level.committed - Math.max(0, level.alreadyInErp));
}

export function channelQuantity(
  erpAvailable: number,
  pending: number,
  safetyStock: number,
): number {
  return Math.max(0, Math.floor(erpAvailable) - pending - Math.max(0, safetyStock));
}

export function decide(inputs: StockInputs): StockDecision {
  const mapped = inputs.levels.filter(
    (l): l is ShopifyLevelInput & { erpLocation: string } => l.erpLocation !== null,
  );
  if (mapped.length === 0) {
    return {
      kind: 'parked',
      reason: `no Shopify location of ${inputs.sku} maps to an ERP location`,
    };
  }
  const targets = mapped
    .map((level) => ({
      locationId: level.locationId,
      erpLocation: level.erpLocation,
      // No stock record at a mapped location: the master holds none there.
      quantity: channelQuantity(level.erpAvailable ?? 0, pendingUnits(level), inputs.safetyStock),
      current: level.available,
    }))
    .sort((a, b) => a.locationId.localeCompare(b.locationId));
  return {
    kind: 'write',
    targets,
    changed: targets.filter((t) => t.quantity !== t.current),
    sourceVersion: versionOf(inputs.sku, targets),
  };
}

/**
 * The inputs that decided the targets, hashed: the same ERP stock and pending units give the same
 * version, whatever Shopify showed (so an echo of our own write reads as the same version).
 */
function versionOf(sku: string, targets: StockTarget[]): string {
  const facts = targets.map((t) => `${t.locationId}>${t.erpLocation}=${t.quantity}`).join(',');
  return createHash('sha256').update(`${sku}|${facts}`).digest('hex').slice(0, 16);
}
