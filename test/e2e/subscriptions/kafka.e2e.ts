// Subscriptions in the distributed mode: a source event on Kafka goes through the projector into
// PostgreSQL and out on the canonical topic, and the gateway's own consumer group hands it to a
// graphql-ws subscriber, with fields of the customer from other subgraphs resolved for it.
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { RunningGateway } from '../../../gateway/server';
import { recordId } from '../../../store/ids';
import { KafkaStream } from '../../../streams/kafka';
import { exampleEvents, nextVersion, publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { kafkaBrokers, randomName, waitFor } from '../../helpers/kafka';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';
import { credentialFor, startGraph } from '../graph/harness';
import { subscribe, wsClient } from './client';

describeWithKafkaAndPostgres('subscriptions fed by Kafka', () => {
  let projection: KafkaProjection;
  let feedStream: KafkaStream;
  let gateway: RunningGateway;
  beforeAll(async () => {
    projection = await startKafkaProjection();
    feedStream = new KafkaStream({ brokers: kafkaBrokers(), clientId: randomName('gateway') });
    gateway = await startGraph(projection.db, {
      subscriptions: { stream: feedStream, namespace: projection.namespace },
    });
  }, 120_000);
  afterAll(async () => {
    await gateway?.stop();
    await feedStream?.close();
    await projection?.close();
  });

  it('delivers a projected order change with its customer from the shopify and crm subgraphs', async () => {
    const events = exampleEvents();
    await publish(projection.stream, events, projection.namespace);
    const order = events.find((e) => e.source === 'shopify' && e.entity === 'order');
    if (!order) throw new Error('no example order');
    // Every source's view of the customer is stored before the order changes again.
    await waitForCatchUp(projection.namespace, groupIdOf(projection.namespace));
    const id = recordId('shopify', 'order', order.sourceId);
    const client = wsClient(gateway.subscriptionsUrl, credentialFor());
    try {
      const subscriber = subscribe(
        client,
        `subscription ($id: ID) { orderChanged(id: $id) { id operation order { name financialStatus customer { email crm { lifecycleStage } } } } }`,
        { id },
      );
      // The gateway's group reads from the end once it has joined: a change made before that is
      // not seen, so changes keep coming until one arrives.
      let next = order;
      await waitFor(
        async () => {
          next = nextVersion(next, {});
          await publish(projection.stream, [next], projection.namespace);
          return subscriber.received.length > 0;
        },
        { timeoutMs: 120_000, intervalMs: 2_000 },
      );
      const [first] = subscriber.received;
      expect(first?.errors).toBeUndefined();
      expect(first?.data).toMatchObject({
        orderChanged: {
          id,
          operation: 'UPSERT',
          order: {
            name: '#1001',
            customer: {
              email: expect.stringMatching(/@/),
              crm: { lifecycleStage: expect.any(String) },
            },
          },
        },
      });
    } finally {
      await client.dispose();
    }
  }, 180_000);
});
