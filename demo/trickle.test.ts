import { describe, expect, it } from 'vitest';
import type { ChangeEvent } from '../schema/events';
import { decodeEvent, encodeEvent, eventTopic } from '../streams/codec';
import { liveChanges } from './changes';
import { generateDataset } from './dataset';
import { parseCents } from './random';
import { createDemoState, type DemoState } from './state';
import { startTrickle } from './trickle';

const recordKey = (e: ChangeEvent) => `${e.source}.${e.entity}:${e.sourceId}`;

function history(): { state: DemoState; versions: Map<string, number> } {
  const state = createDemoState();
  const versions = new Map<string, number>();
  for (const event of generateDataset(
    { seed: 3, customers: 40, orders: 150, products: 12 },
    state,
  )) {
    versions.set(recordKey(event), event.version);
  }
  return { state, versions };
}

/** Checks events against the contract and that each record's versions keep rising. */
function expectValidAndRising(events: ChangeEvent[], versions: Map<string, number>): void {
  const problems: string[] = [];
  for (const event of events) {
    const topic = eventTopic(event);
    const decoded = decodeEvent(topic, encodeEvent(event).value);
    if (!decoded.ok) problems.push(`${topic}: ${decoded.reason}`);
    const key = recordKey(event);
    if (event.version <= (versions.get(key) ?? -1)) problems.push(`${key} went back`);
    versions.set(key, event.version);
  }
  expect(problems).toEqual([]);
}

describe('liveChanges', () => {
  it('continues the history with valid events whose versions rise per record', () => {
    const { state, versions } = history();
    const next = liveChanges(state, 5);
    // Many changes in the same few seconds: versions must still rise, a second at a time.
    const start = Date.parse('2026-11-02T00:00:00.000Z');
    const events: ChangeEvent[] = [];
    for (let i = 0; i < 600; i++) events.push(...next(start + Math.floor(i / 50) * 1000));
    expectValidAndRising(events, versions);
    const kinds = new Set(events.map((e) => `${e.source}.${e.entity}`));
    for (const kind of [
      'shopify.order',
      'shopify.inventory-level',
      'erp.inventory-level',
      'erp.item',
      'erp.sales-order',
      'erp.shipment',
      'crm.contact',
      'accounting.invoice',
      'accounting.payment',
      'accounting.customer',
    ]) {
      expect(kinds, kind).toContain(kind);
    }
  });

  it('keeps the rules of the history: totals add up and stock stays consistent', () => {
    const { state } = history();
    const next = liveChanges(state, 6);
    const start = Date.parse('2026-11-02T00:00:00.000Z');
    for (let i = 0; i < 300; i++) next(start + i * 1000);
    for (const { order, invoice } of state.recentOrders) {
      const lines = order.lineItems.reduce((s, l) => s + l.quantity * parseCents(l.unitPrice), 0);
      expect(parseCents(order.totalPrice)).toBe(lines + parseCents(order.totalTax));
      if (invoice) expect(invoice.totalAmount).toBe(order.totalPrice);
    }
    for (const variant of state.variants) {
      let onHand = 0;
      for (const { erp, shopify } of variant.levels) {
        expect(erp.available).toBe(erp.onHand - erp.committed);
        expect(shopify.quantities).toEqual({
          available: erp.available,
          onHand: erp.onHand,
          committed: erp.committed,
          incoming: erp.incoming,
        });
        onHand += erp.onHand;
      }
      expect(variant.item.inventory).toBe(onHand);
    }
  });

  it('needs a generated state', () => {
    expect(() => liveChanges(createDemoState(), 1)).toThrow(/generated dataset/);
  });
});

describe('startTrickle', () => {
  it('publishes live changes on a timer and stops cleanly', async () => {
    const { state, versions } = history();
    const published: ChangeEvent[][] = [];
    const trickle = startTrickle({
      state,
      seed: 7,
      ratePerSecond: 40,
      publish: async (events) => {
        published.push(events);
      },
    });
    await new Promise((resolve) => setTimeout(resolve, 600));
    await trickle.stop();
    const batches = published.length;
    expect(batches).toBeGreaterThan(2);
    expectValidAndRising(published.flat(), versions);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(published).toHaveLength(batches);
  });

  it('reports a failed publish and carries on', async () => {
    const { state } = history();
    const errors: unknown[] = [];
    let calls = 0;
    const trickle = startTrickle({
      state,
      ratePerSecond: 40,
      publish: async () => {
        calls++;
        throw new Error('broker away');
      },
      onError: (error) => errors.push(error),
    });
    await new Promise((resolve) => setTimeout(resolve, 400));
    await trickle.stop();
    expect(calls).toBeGreaterThan(1);
    expect(errors).toHaveLength(calls);
  });

  it('rejects a rate that is not positive', () => {
    const { state } = history();
    expect(() => startTrickle({ state, ratePerSecond: 0, publish: async () => {} })).toThrow();
  });
});
