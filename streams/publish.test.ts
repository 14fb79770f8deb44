import { describe, expect, it } from 'vitest';
import { decodeEvent } from './codec';
import type { OutgoingMessage, StreamProducer } from './stream';
import { generateDataset, generateEvents } from '../demo/dataset';
import { publishEvents } from './publish';

function recordingProducer() {
  const sends: Array<{ topic: string; messages: OutgoingMessage[] }> = [];
  const producer: StreamProducer = {
    send: async (topic, messages) => {
      sends.push({ topic, messages });
    },
    disconnect: async () => undefined,
  };
  return { producer, sends };
}

describe('publishEvents', () => {
  it('sends every event to its topic, keyed by source id, in chunks, in order', async () => {
    const events = generateDataset({ customers: 30, orders: 100, products: 10 });
    const { producer, sends } = recordingProducer();
    const sent = await publishEvents(producer, events, { chunkSize: 50 });
    expect(sent).toBe(events.length);
    expect(sends.every(({ messages }) => messages.length > 0 && messages.length <= 50)).toBe(true);

    const received = sends.flatMap(({ topic, messages }) =>
      messages.map((message) => {
        const decoded = decodeEvent(topic, message.value);
        if (!decoded.ok) throw new Error(decoded.reason);
        expect(message.key).toBe(decoded.event.sourceId);
        return decoded.event;
      }),
    );
    expect(received.map((e) => e.eventId).sort()).toEqual(events.map((e) => e.eventId).sort());
    // Within a topic, events arrive in the order they were generated.
    for (const topic of new Set(sends.map((s) => s.topic))) {
      const expected = events.filter((e) => `plexus.${e.source}.${e.entity}.v1` === topic);
      const got = received.filter((e) => `plexus.${e.source}.${e.entity}.v1` === topic);
      expect(got.map((e) => e.eventId)).toEqual(expected.map((e) => e.eventId));
    }
  });

  it('takes a generator without collecting it', async () => {
    const { producer, sends } = recordingProducer();
    const sent = await publishEvents(
      producer,
      generateEvents({ customers: 20, orders: 40, products: 5 }),
    );
    expect(sent).toBe(sends.reduce((n, s) => n + s.messages.length, 0));
    expect(sent).toBeGreaterThan(100);
  });

  it('prefixes topics with a namespace when given one', async () => {
    const { producer, sends } = recordingProducer();
    await publishEvents(producer, generateEvents({ customers: 5, orders: 5, products: 2 }), {
      namespace: 'it-run-7',
    });
    expect(sends.every(({ topic }) => /^it-run-7\.[a-z]+\.[a-z-]+\.v1$/.test(topic))).toBe(true);
  });

  it('uses plexus for an undefined namespace, and sends nothing for no events', async () => {
    const { producer, sends } = recordingProducer();
    await publishEvents(producer, generateEvents({ customers: 2, orders: 2, products: 1 }), {
      namespace: undefined,
    });
    expect(sends.length).toBeGreaterThan(0);
    expect(sends.every(({ topic }) => topic.startsWith('plexus.'))).toBe(true);
    const before = sends.length;
    expect(await publishEvents(producer, [], { namespace: 'it-run-8' })).toBe(0);
    expect(sends).toHaveLength(before);
  });
});
