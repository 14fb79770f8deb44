import type { BcContext } from './context';
import { laterOf } from './context';
import { readAll } from './pages';
import { itemVariantRecord, locationRecord, type ItemVariantRecord } from './records';

/**
 * What the mapping needs beyond one record, kept in memory: location GUID → code (lines cite
 * GUIDs, the contract codes), item variants by item (they ride on the item), and stock row GUID →
 * level id (a delete notification names only the GUID). Loaded lazily, refreshed by reads.
 */
export class Lookups {
  private readonly locations = new Map<string, string>();
  private readonly variants = new Map<string, ItemVariantRecord>();
  private readonly variantsByItem = new Map<string, Set<string>>();
  private readonly stocks = new Map<string, string>();
  private locationsLoaded = false;
  private variantsLoaded = false;

  locationCode(id: string): string | undefined {
    return this.locations.get(id.toLowerCase());
  }

  rememberLocation(id: string, code: string): void {
    this.locations.set(id.toLowerCase(), code);
  }

  forgetLocation(id: string): string | undefined {
    const code = this.locationCode(id);
    this.locations.delete(id.toLowerCase());
    return code;
  }

  /** Reads every location unless loaded; `force` re-reads (a line cites one not seen yet). */
  async loadLocations(ctx: BcContext, force = false): Promise<void> {
    if (this.locationsLoaded && !force) return;
    const all = await readAll(ctx, locationRecord, ctx.client.setUrl('locations'));
    for (const l of all) this.rememberLocation(l.id, l.code);
    this.locationsLoaded = true;
  }

  variantsOf(itemId: string): ItemVariantRecord[] {
    const ids = this.variantsByItem.get(itemId.toLowerCase()) ?? [];
    return [...ids].flatMap((id) => this.variants.get(id) ?? []);
  }

  variant(id: string): ItemVariantRecord | undefined {
    return this.variants.get(id.toLowerCase());
  }

  rememberVariant(v: ItemVariantRecord): void {
    // A variant moved to another item (not possible in BC, but cheap to honour).
    this.forgetVariant(v.id);
    const id = v.id.toLowerCase();
    this.variants.set(id, v);
    const item = v.itemId.toLowerCase();
    const ids = this.variantsByItem.get(item) ?? new Set<string>();
    this.variantsByItem.set(item, ids.add(id));
  }

  forgetVariant(id: string): ItemVariantRecord | undefined {
    const key = id.toLowerCase();
    const v = this.variants.get(key);
    if (!v) return undefined;
    this.variants.delete(key);
    this.variantsByItem.get(v.itemId.toLowerCase())?.delete(key);
    return v;
  }

  /** Reads every variant unless loaded (or `force`); returns the newest change seen. */
  async loadVariants(ctx: BcContext, force = false): Promise<string | undefined> {
    if (this.variantsLoaded && !force) return undefined;
    const all = await readAll(ctx, itemVariantRecord, ctx.client.setUrl('itemVariants'));
    this.variants.clear();
    this.variantsByItem.clear();
    let newest: string | undefined;
    for (const v of all) {
      this.rememberVariant(v);
      newest = laterOf(newest, v.lastModifiedDateTime);
    }
    this.variantsLoaded = true;
    return newest;
  }

  levelId(stockId: string): string | undefined {
    return this.stocks.get(stockId.toLowerCase());
  }

  rememberStock(stockId: string, levelId: string): void {
    this.stocks.set(stockId.toLowerCase(), levelId);
  }

  forgetStock(stockId: string): string | undefined {
    const id = this.levelId(stockId);
    this.stocks.delete(stockId.toLowerCase());
    return id;
  }
}
