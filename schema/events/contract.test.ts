import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../lib/errors';
import { renderTopicsDoc, TOPICS_DOC } from '../../scripts/topics-doc';
import {
  createEvent,
  decodeCanonical,
  decodeEvent,
  encodeCanonical,
  encodeEvent,
} from '../../streams/codec';
import {
  CANONICAL_ENTITIES,
  SOURCE_TOPICS,
  canonicalChangeExample,
  examples,
  sourceTopic,
  type ChangeEvent,
  type SourceTopic,
} from '.';

const ORDER_TOPIC = 'plexus.shopify.order.v1';

function upsertOf(topic: SourceTopic, payload: Record<string, unknown> = topic.example) {
  return createEvent({
    source: topic.source,
    entity: topic.entity,
    op: 'upsert',
    sourceId: String(payload.id),
    version: 1_715_350_951_000,
    occurredAt: '2024-05-10T14:22:31.000Z',
    payload,
  });
}

const orderTopic = (): SourceTopic => {
  const topic = SOURCE_TOPICS.find((t) => t.topic === ORDER_TOPIC);
  if (!topic) throw new Error(`${ORDER_TOPIC} is not registered`);
  return topic;
};

/** An order event whose value was edited after encoding, as a bad producer would send it. */
function tamperedOrder(edit: (value: ChangeEvent & { payload: Record<string, unknown> }) => void) {
  const value = JSON.parse(encodeEvent(upsertOf(orderTopic())).value);
  edit(value);
  return decodeEvent(ORDER_TOPIC, JSON.stringify(value));
}

function reasonOf(result: ReturnType<typeof decodeEvent>): string {
  if (result.ok) throw new Error('expected the event to be rejected');
  return result.reason;
}

/**
 * The top-level fields of each source payload as docs/architecture.md lists them: name and
 * whether it is optional (`?`). Nested brackets are skipped by depth.
 */
function contractFields(): Map<string, Map<string, boolean>> {
  const doc = readFileSync(new URL('../../docs/architecture.md', import.meta.url), 'utf8');
  const section = doc.slice(doc.indexOf('Source payloads'), doc.indexOf('## Canonical store'));
  const bullets = section.split(/\n- /).slice(1);
  const topics = new Map<string, Map<string, boolean>>();
  for (const bullet of bullets) {
    const match = /^`([a-z]+\.[a-z-]+)`:\s*([\s\S]*)$/.exec(bullet.trim());
    if (!match?.[1] || match[2] === undefined) continue;
    const fields = new Map<string, boolean>();
    let depth = 0;
    let segment = '';
    for (const char of `${match[2]},`) {
      if ('[{('.includes(char)) depth++;
      if (')}]'.includes(char)) depth--;
      if (char === ',' && depth === 0) {
        const field = /^\s*([A-Za-z]+)(\?)?/.exec(segment);
        if (field?.[1]) fields.set(field[1], field[2] === '?');
        segment = '';
      } else if (depth > 0 || !'[{('.includes(char)) segment += char;
    }
    topics.set(match[1], fields);
  }
  return topics;
}

describe('the event contract', () => {
  it('registers exactly the source topics of docs/architecture.md, with their fields', () => {
    const contract = contractFields();
    expect(contract.size).toBeGreaterThan(15);
    expect(SOURCE_TOPICS.map((t) => `${t.source}.${t.entity}`).sort()).toEqual(
      [...contract.keys()].sort(),
    );
    for (const topic of SOURCE_TOPICS) {
      const fields = contract.get(`${topic.source}.${topic.entity}`);
      const required = new Set(topic.schema.required ?? []);
      const actual = Object.keys(topic.schema.properties).map((name) => [
        name,
        !required.has(name),
      ]);
      expect(actual.sort(), topic.topic).toEqual([...(fields ?? [])].sort());
    }
  });

  it('names topics, canonical topics and dead letters by convention', () => {
    expect(sourceTopic('erp', 'sales-order')).toBe('plexus.erp.sales-order.v1');
    expect(CANONICAL_ENTITIES.map((c) => c.topic)).toContain('plexus.canonical.inventory-level.v1');
    for (const topic of SOURCE_TOPICS)
      expect(topic.topic).toBe(sourceTopic(topic.source, topic.entity));
  });

  it.each(SOURCE_TOPICS.map((t) => [t.topic, t] as const))(
    'the example of %s validates and round-trips',
    (name, topic) => {
      const event = upsertOf(topic);
      const message = encodeEvent(event);
      expect(message.key).toBe(event.sourceId);
      expect(message.headers?.['x-plexus-event-id']).toBe(event.eventId);
      expect(decodeEvent(name, message.value)).toEqual({ ok: true, event });
    },
  );

  it('keeps the examples one person across systems, whatever the case and whitespace', () => {
    const emails = [
      examples.shopifyCustomer.email,
      examples.shopifyOrder.email,
      examples.erpCustomer.email,
      examples.crmContact.email,
      examples.accountingCustomer.email,
    ];
    expect(new Set(emails).size).toBeGreaterThan(2);
    expect(new Set(emails.map((e) => e?.trim().toLowerCase()))).toEqual(
      new Set(['ada.lovelace@example.com']),
    );
  });

  it('accepts optional fields missing or null, and a delete without payload', () => {
    const { email: _email, ...withoutEmail } = examples.shopifyCustomer;
    const customers = SOURCE_TOPICS[0];
    if (!customers) throw new Error('no topics');
    for (const payload of [withoutEmail, { ...examples.shopifyCustomer, email: null }]) {
      expect(decodeEvent(customers.topic, encodeEvent(upsertOf(customers, payload)).value).ok).toBe(
        true,
      );
    }
    const removal = { ...upsertOf(customers), op: 'delete' as const, payload: null };
    expect(decodeEvent(customers.topic, encodeEvent(removal).value).ok).toBe(true);
  });

  it('accepts a topic of another namespace', () => {
    const event = upsertOf(orderTopic());
    expect(decodeEvent('ci-42.shopify.order.v1', encodeEvent(event).value)).toEqual({
      ok: true,
      event,
    });
  });
});

describe('rejections name what is wrong', () => {
  it('money as a float', () => {
    expect(reasonOf(tamperedOrder((v) => (v.payload.totalPrice = 126.5)))).toMatch(
      /payload invalid for plexus\.shopify\.order\.v1: .*\/totalPrice must be string/,
    );
  });

  it('money with too many decimals, and in a nested line', () => {
    const reason = reasonOf(
      tamperedOrder((v) => {
        v.payload.totalTax = '21.000001';
        (v.payload.lineItems as Array<Record<string, unknown>>)[1]!.unitPrice = '30,00';
      }),
    );
    expect(reason).toContain('/totalTax must match pattern');
    expect(reason).toContain('/lineItems/1/unitPrice must match pattern');
  });

  it('a missing required field', () => {
    expect(reasonOf(tamperedOrder((v) => delete v.payload.currency))).toContain(
      "must have required property 'currency'",
    );
  });

  it('bad dates', () => {
    const reason = reasonOf(
      tamperedOrder((v) => {
        v.payload.createdAt = 'yesterday';
        v.payload.updatedAt = '2024-02-30T10:00:00Z';
        v.payload.cancelledAt = '2024-05-10T10:00:00'; // no offset: ambiguous
      }),
    );
    for (const field of ['createdAt', 'updatedAt', 'cancelledAt']) {
      expect(reason).toContain(`/${field} must match format "date-time"`);
    }
  });

  it('an envelope field of the wrong type or too many', () => {
    const reason = reasonOf(
      tamperedOrder((v) => {
        v.version = 1.5;
        Object.assign(v, { extra: true });
      }),
    );
    expect(reason).toMatch(/^envelope invalid: /);
    expect(reason).toContain('/version must be integer');
    expect(reason).toContain("must NOT have additional properties 'extra'");
  });

  it('bad JSON, no value, an unknown topic', () => {
    expect(reasonOf(decodeEvent(ORDER_TOPIC, '{"eventId":'))).toMatch(/^invalid JSON: /);
    expect(reasonOf(decodeEvent(ORDER_TOPIC, null))).toBe('message has no value');
    expect(reasonOf(decodeEvent('plexus.shopify.refund.v1', '{}'))).toBe(
      'unknown topic plexus.shopify.refund.v1',
    );
  });

  it('an event on the wrong topic', () => {
    const message = encodeEvent(upsertOf(orderTopic()));
    expect(reasonOf(decodeEvent('plexus.erp.sales-order.v1', message.value))).toBe(
      'topic plexus.erp.sales-order.v1 cannot carry a shopify.order event',
    );
  });

  it('a delete with a payload, an upsert without, a payload of another record', () => {
    expect(reasonOf(tamperedOrder((v) => (v.op = 'delete')))).toBe(
      'a delete must carry payload null',
    );
    expect(reasonOf(tamperedOrder((v) => Object.assign(v, { payload: null })))).toBe(
      'an upsert must carry a payload',
    );
    expect(reasonOf(tamperedOrder((v) => (v.sourceId = '1')))).toMatch(/differs from sourceId 1/);
  });

  it('encoding an invalid event throws a ValidationError with every problem', () => {
    const event = upsertOf(orderTopic(), {
      ...examples.shopifyOrder,
      totalPrice: 126,
      createdAt: 'now',
    });
    expect(() => encodeEvent(event)).toThrow(ValidationError);
    try {
      encodeEvent(event);
    } catch (error) {
      expect((error as ValidationError).details).toEqual([
        '/totalPrice must be string',
        '/createdAt must match format "date-time"',
      ]);
    }
  });
});

describe('canonical changes', () => {
  it('round-trip, keyed by canonical id', () => {
    const message = encodeCanonical(canonicalChangeExample);
    expect(message.key).toBe(canonicalChangeExample.id);
    expect(decodeCanonical(message.value)).toEqual({ ok: true, change: canonicalChangeExample });
  });

  it('reject an unknown entity and a delete with data', () => {
    const value = { ...canonicalChangeExample, entity: 'refund', data: { id: 'x' } };
    const result = decodeCanonical(JSON.stringify(value));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.reason).toContain('/entity must be equal to one of the allowed');
    const upsertless = { ...canonicalChangeExample, data: { id: 'x' } };
    expect(() => encodeCanonical(upsertless)).toThrow(/a canonical delete must carry data null/);
  });
});

describe('docs/topics.md', () => {
  it('is generated from the current schemas', async () => {
    const committed = readFileSync(TOPICS_DOC, 'utf8');
    expect(committed, 'docs/topics.md is stale: run npm run docs:topics').toBe(
      await renderTopicsDoc(),
    );
  });
});
