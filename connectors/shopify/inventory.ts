import { z } from 'zod';
import { PlexusError } from '../../lib/errors';
import type { ShopifyClient } from './client';

/**
 * Writing a channel's stock: `inventorySetQuantities` (name `available`, compare-and-set by
 * `compareQuantity`, at most 250 quantities a call, a mutation's 10 points taken from the cost
 * budget like any request), and the re-read a flow makes when Shopify answers
 * COMPARE_QUANTITY_STALE. Answers are checked at the boundary; ids are gids both ways.
 */

export const INVENTORY_SET_QUANTITIES = `mutation InventorySetQuantities($input: InventorySetQuantitiesInput!) {
  inventorySetQuantities(input: $input) {
    inventoryAdjustmentGroup { id referenceDocumentUri }
    userErrors { code field message }
  }
}`;

/** One item's levels at every location (a shop has at most a few dozen). */
export const INVENTORY_ITEM_LEVELS_QUERY = `query InventoryItemLevels($id: ID!) {
  inventoryItem(id: $id) {
    id
    inventoryLevels(first: 50) {
      nodes { location { id } quantities(names: ["available", "committed"]) { name quantity } }
    }
  }
}`;

/** Shopify's cap on an input array: more quantities need more calls. */
export const MAX_QUANTITIES = 250;

export interface QuantityWrite {
  /** gid://shopify/InventoryItem/… */
  inventoryItemId: string;
  /** gid://shopify/Location/… */
  locationId: string;
  quantity: number;
  /** What the writer last read: Shopify refuses the call if `available` moved since. */
  compareQuantity: number;
}

export interface SetAvailableInput {
  reason: string;
  /** Names the source of the change, so its webhook is recognised when it comes back. */
  referenceDocumentUri: string;
  quantities: QuantityWrite[];
}

export type SetAvailableResult =
  | { applied: true; adjustmentGroupId: string | null }
  /** Nothing was written (Shopify's call is all or nothing); `stale` are indexes into quantities. */
  | { applied: false; stale: number[]; refusals: InventoryUserError[] };

export interface InventoryUserError {
  code: string | null;
  field: string[] | null;
  message: string;
}

export interface LevelReading {
  locationId: string;
  available: number;
  committed: number;
}

const gid = z.string().regex(/^gid:\/\/shopify\/\w+\/\d+/, 'not a Shopify gid');

const setAnswerSchema = z.object({
  inventorySetQuantities: z
    .object({
      inventoryAdjustmentGroup: z
        .object({ id: gid, referenceDocumentUri: z.string().nullable() })
        .nullable(),
      userErrors: z.array(
        z.object({
          code: z.string().nullable(),
          field: z.array(z.string()).nullable(),
          message: z.string(),
        }),
      ),
    })
    .nullable(),
});

const levelsAnswerSchema = z.object({
  inventoryItem: z
    .object({
      id: gid,
      inventoryLevels: z.object({
        nodes: z.array(
          z.object({
            location: z.object({ id: gid }),
            quantities: z.array(z.object({ name: z.string(), quantity: z.number().int() })),
          }),
        ),
      }),
    })
    .nullable(),
});

/** Shopify answered with a shape we did not ask for: a vendor fault, not a refusal. */
export class InventoryAnswerError extends PlexusError {
  constructor(what: string, issues: string) {
    super(`Shopify's ${what} answer is malformed: ${issues}`, {
      code: 'SHOPIFY_BAD_ANSWER',
      retriable: true,
    });
  }
}

function parse<T>(schema: z.ZodType<T>, data: unknown, what: string): T {
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new InventoryAnswerError(
      what,
      parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
    );
  }
  return parsed.data;
}

/** The index of the quantity a user error names: field `["input", "quantities", "3", …]`. */
function quantityIndex(error: InventoryUserError): number | undefined {
  const field = error.field ?? [];
  const at = field.indexOf('quantities');
  const index = at >= 0 ? Number(field[at + 1]) : NaN;
  return Number.isInteger(index) ? index : undefined;
}

export class ShopifyInventory {
  constructor(private readonly client: ShopifyClient) {}

  /** Sets `available` with compare-and-set. Throws on transport faults (retriable ones marked). */
  async setAvailable(input: SetAvailableInput, signal?: AbortSignal): Promise<SetAvailableResult> {
    if (input.quantities.length === 0) return { applied: true, adjustmentGroupId: null };
    if (input.quantities.length > MAX_QUANTITIES) {
      throw new RangeError(`at most ${MAX_QUANTITIES} quantities a call`);
    }
    const data = await this.client.request<unknown>(
      INVENTORY_SET_QUANTITIES,
      {
        input: {
          name: 'available',
          reason: input.reason,
          referenceDocumentUri: input.referenceDocumentUri,
          quantities: input.quantities,
        },
      },
      signal,
    );
    const payload = parse(setAnswerSchema, data, 'inventorySetQuantities').inventorySetQuantities;
    if (!payload) throw new InventoryAnswerError('inventorySetQuantities', 'no payload');
    if (payload.userErrors.length === 0) {
      return { applied: true, adjustmentGroupId: payload.inventoryAdjustmentGroup?.id ?? null };
    }
    const stale: number[] = [];
    const refusals: InventoryUserError[] = [];
    for (const error of payload.userErrors) {
      const index = quantityIndex(error);
      if (error.code === 'COMPARE_QUANTITY_STALE' && index !== undefined) stale.push(index);
      else refusals.push(error);
    }
    return { applied: false, stale, refusals };
  }

  /** `available` and `committed` of one item at each location it is stocked at; [] if gone. */
  async readLevels(inventoryItemId: string, signal?: AbortSignal): Promise<LevelReading[]> {
    const data = await this.client.request<unknown>(
      INVENTORY_ITEM_LEVELS_QUERY,
      { id: inventoryItemId },
      signal,
    );
    const item = parse(levelsAnswerSchema, data, 'inventory levels').inventoryItem;
    return (item?.inventoryLevels.nodes ?? []).map((node) => {
      const quantity = (name: string) => node.quantities.find((q) => q.name === name)?.quantity;
      return {
        locationId: node.location.id,
        available: quantity('available') ?? 0,
        committed: quantity('committed') ?? 0,
      };
    });
  }
}
