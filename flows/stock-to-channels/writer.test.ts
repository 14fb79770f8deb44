import { describe, expect, it } from 'vitest';
import type {
  QuantityWrite,
  SetAvailableInput,
  SetAvailableResult,
} from '../../connectors/shopify/inventory';
import { StockWriter, type InventorySetter } from './writer';

const write = (item: number, quantity = 1, compareQuantity = 0): QuantityWrite => ({
  inventoryItemId: `gid://shopify/InventoryItem/${item}`,
  locationId: 'gid://shopify/Location/1',
  quantity,
  compareQuantity,
});

/** Answers each call with the next scripted result (applied when the script runs out). */
function setter(script: ((input: SetAvailableInput) => SetAvailableResult | Error)[] = []) {
  const calls: SetAvailableInput[] = [];
  const fake: InventorySetter = {
    setAvailable(input) {
      calls.push(input);
      const next = script.shift()?.(input) ?? { applied: true, adjustmentGroupId: 'gid://g/1' };
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next);
    },
  };
  return { fake, calls };
}

describe('StockWriter', () => {
  it('sends the writes submitted together in one call', async () => {
    const { fake, calls } = setter();
    const writer = new StockWriter(fake);
    const outcomes = await Promise.all([
      writer.write([write(1), write(2)], 'plexus://erp/stock/A'),
      writer.write([write(3)], 'plexus://erp/stock/B'),
    ]);
    expect(outcomes.map((o) => o.state)).toEqual(['applied', 'applied']);
    expect(calls).toHaveLength(1);
    expect(calls[0]?.quantities).toHaveLength(3);
    expect(calls[0]?.referenceDocumentUri).toMatch(/^plexus:\/\/erp\/stock\/batch\//);
  });

  it('keeps one variant’s own reference when it goes alone', async () => {
    const { fake, calls } = setter();
    await new StockWriter(fake).write([write(1)], 'plexus://erp/stock/A');
    expect(calls[0]?.referenceDocumentUri).toBe('plexus://erp/stock/A');
  });

  it('tells the stale variant so and sends the others again', async () => {
    const { fake, calls } = setter([() => ({ applied: false, stale: [2], refusals: [] })]);
    const writer = new StockWriter(fake);
    const [first, second] = await Promise.all([
      writer.write([write(1), write(2)], 'a:1'),
      writer.write([write(3)], 'b:1'),
    ]);
    expect(first).toEqual({ state: 'applied', adjustmentGroupId: 'gid://g/1' });
    expect(second).toEqual({ state: 'stale' });
    expect(calls.map((c) => c.quantities.length)).toEqual([3, 2]);
  });

  it('never puts more than 250 quantities in a call', async () => {
    const { fake, calls } = setter();
    const writer = new StockWriter(fake);
    const many = (n: number) => Array.from({ length: 100 }, (_, i) => write(n * 1000 + i));
    await Promise.all([1, 2, 3].map((n) => writer.write(many(n), `x:${n}`)));
    expect(calls.map((c) => c.quantities.length)).toEqual([200, 100]);
  });

  it('gives a refusal of one quantity to its variant, and of the call to every variant', async () => {
    const refusal = (field: string[] | null) => () => ({
      applied: false as const,
      stale: [],
      refusals: [{ code: 'INVALID_X', field, message: 'no' }],
    });
    const one = setter([refusal(['input', 'quantities', '0', 'locationId'])]);
    const writer = new StockWriter(one.fake);
    const outcomes = await Promise.all([
      writer.write([write(1)], 'a:1'),
      writer.write([write(2)], 'b:1'),
    ]);
    expect(outcomes.map((o) => o.state)).toEqual(['refused', 'applied']);
    const all = setter([refusal(['input', 'reason'])]);
    const both = new StockWriter(all.fake);
    const refused = await Promise.all([
      both.write([write(1)], 'a:1'),
      both.write([write(2)], 'b:1'),
    ]);
    expect(refused.map((o) => o.state)).toEqual(['refused', 'refused']);
  });

  it('fails every variant of a call that did not get through', async () => {
    const { fake } = setter([() => new Error('timeout')]);
    const writer = new StockWriter(fake);
    const results = await Promise.allSettled([
      writer.write([write(1)], 'a:1'),
      writer.write([write(2)], 'b:1'),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
