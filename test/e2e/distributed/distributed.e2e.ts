// The customer-360 scenario of test/e2e/graph-events in distributed mode: a fresh PostgreSQL
// database, a fresh topic namespace on the real Kafka broker, and every part as its own
// `plexus` process (migrate, projector, four subgraphs over HTTP, gateway). Events published to
// Kafka come back out of the gateway with exactly the published values, newer versions included.
import { randomBytes } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { dlqTopic, type ChangeEvent } from '../../../schema/events';
import { KafkaStream } from '../../../streams/kafka';
import { projectedTopics } from '../../../streams/projector/runtime';
import { publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { kafkaBrokers, newKafka, randomName, waitFor } from '../../helpers/kafka';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/postgres';
import { freePorts } from '../../helpers/ports';
import { groupIdOf, waitForCatchUp } from '../../helpers/projection';
import { customer360Query } from '../graph/fixture';
import { query, type GraphResponse } from '../graph/harness';
import { expectedCustomer360 } from '../graph-events/expected';
import { customer360Events, laterChanges, refs } from '../graph-events/scenario';
import {
  runToCompletion,
  startPlexus,
  stopPlexus,
  waitForHealth,
  type PlexusProcess,
} from './processes';

const SUBGRAPHS = ['shopify', 'erp', 'crm', 'accounting'] as const;
const ORDERS = 3;

describeWithKafkaAndPostgres(
  'customer 360 in distributed mode (processes, Kafka, PostgreSQL)',
  () => {
    const namespace = randomName('dist').replace(/[^a-z0-9]/g, '');
    const groupId = groupIdOf(namespace);
    const children: PlexusProcess[] = [];
    let database: FreshDatabase | undefined;
    let stream: KafkaStream | undefined;
    let gatewayUrl: string;
    let apiKey: string;
    let shopifyUrl: string;
    let sent: ChangeEvent[] = [];

    beforeAll(async () => {
      database = await createFreshDatabase('plexus_distributed');
      const [projectorPort, gatewayPort, ...subgraphPorts] = await freePorts(2 + SUBGRAPHS.length);
      const env: Record<string, string> = {
        DATABASE_URL: database.url,
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_CLIENT_ID: `plexus-${namespace}`,
        TOPIC_NAMESPACE: namespace,
        PROJECTOR_GROUP_ID: groupId,
        PROJECTOR_PORT: String(projectorPort),
        GATEWAY_PORT: String(gatewayPort),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        // `plexus migrate` runs first, alone: nothing else races it for the schema.
        MIGRATE_ON_START: 'false',
        // The scenario polls twice a second for up to 45 s: that is a test, not a client to throttle.
        PLEXUS_COST_RESTORE_RATE: '100000',
        PLEXUS_SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
      };
      const subgraphs = SUBGRAPHS.map((name, i) => ({ name, port: subgraphPorts[i] }));
      for (const { name, port } of subgraphs) {
        env[`SUBGRAPH_${name.toUpperCase()}_PORT`] = String(port);
        env[`SUBGRAPH_${name.toUpperCase()}_URL`] = `http://127.0.0.1:${port}/graphql`;
      }

      const migrate = startPlexus('migrate', ['migrate'], env);
      children.push(migrate);
      await runToCompletion(migrate);
      const keys = startPlexus(
        'keys',
        [
          'keys',
          'create',
          '--name',
          'distributed-test',
          '--scopes',
          'customers:read,pii:read,orders:read,catalog:read,finance:read,crm:read',
        ],
        env,
      );
      await runToCompletion(keys);
      apiKey = /^(plx_\S+)$/m.exec(keys.output())?.[1] ?? '';
      shopifyUrl = env.SUBGRAPH_SHOPIFY_URL ?? '';

      const start = (name: string, args: string[], health: string) => {
        const child = startPlexus(name, args, env);
        children.push(child);
        return waitForHealth(child, health);
      };
      await Promise.all([
        start('projector', ['projector'], `http://127.0.0.1:${projectorPort}/health`),
        ...subgraphs.map(({ name, port }) =>
          start(`subgraph ${name}`, ['subgraph', name], `http://127.0.0.1:${port}/health`),
        ),
        start('gateway', ['gateway'], `http://127.0.0.1:${gatewayPort}/health`),
      ]);
      gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
      // The gateway reaches every subgraph over HTTP, not in-process.
      const ready = await fetch(`http://127.0.0.1:${gatewayPort}/ready?subgraphs=all`);
      const body = (await ready.json()) as { subgraphs: { mode: string; up: boolean }[] };
      expect(body.subgraphs).toEqual(
        SUBGRAPHS.map(() => expect.objectContaining({ mode: 'http', up: true })),
      );
      expect(ready.status).toBe(200);
      stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: `test-${namespace}` });
    }, 120_000);

    afterAll(async () => {
      await Promise.all(children.map((child) => stopPlexus(child)));
      await stream?.close();
      await database?.drop();
    }, 30_000);

    const expectedNow = () =>
      expectedCustomer360(sent, { shopifyCustomerId: refs.shopifyCustomer, first: 10 });

    /** Polls the gateway until it answers `expected`; returns the last answer either way. */
    async function answerWhenEqual(expected: ReturnType<typeof expectedNow>) {
      let last: GraphResponse | undefined;
      const ask = async () =>
        (last = await query(
          gatewayUrl,
          customer360Query,
          { id: expected.customer.id, orders: 10 },
          apiKey,
        ));
      await waitFor(async () => isDeepStrictEqual((await ask()).data, expected), {
        timeoutMs: 45_000,
        intervalMs: 500,
      }).catch(() => undefined); // the assertion on the last answer shows the difference
      // Once equal, let the projector finish the rest of the topics (stale versions come last),
      // and ask again: a late event must not have changed the answer.
      if (isDeepStrictEqual(last?.data, expected)) {
        await waitForCatchUp(namespace, groupId, { timeoutMs: 30_000 });
        await ask();
      }
      return last;
    }

    async function deadLetters(): Promise<number> {
      const admin = newKafka().admin();
      await admin.connect();
      try {
        let total = 0;
        for (const topic of projectedTopics(namespace).map(dlqTopic)) {
          for (const { high } of await admin.fetchTopicOffsets(topic)) total += Number(high);
        }
        return total;
      } finally {
        await admin.disconnect();
      }
    }

    it('refuses a call straight to a subgraph, and one to the gateway without a key', async () => {
      for (const url of [shopifyUrl, gatewayUrl]) {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ customers(first: 1) { nodes { email } } }' }),
        });
        expect(response.status, url).toBe(401);
      }
    });

    it('answers exactly the values that were published to Kafka', async () => {
      const events = customer360Events({ orders: ORDERS });
      sent = [...events];
      if (!stream) throw new Error('no stream');
      await publish(stream, events, namespace);
      const expected = expectedNow();
      expect(expected.customer.identities).toHaveLength(4);
      expect(expected.customer.orders.nodes).toHaveLength(ORDERS);

      const answer = await answerWhenEqual(expected);
      expect(answer?.errors).toBeUndefined();
      expect(answer?.data).toEqual(expected);
      expect(await deadLetters()).toBe(0);
    });

    it('reflects newer versions of records and ignores stale ones', async () => {
      const before = expectedNow();
      const changes = laterChanges(sent);
      sent = [...sent, ...changes];
      if (!stream) throw new Error('no stream');
      await publish(stream, changes, namespace);
      const expected = expectedNow();
      expect(expected).not.toEqual(before);

      const answer = await answerWhenEqual(expected);
      expect(answer?.errors).toBeUndefined();
      expect(answer?.data).toEqual(expected);
      expect(await deadLetters()).toBe(0);
    });

    // Apollo Server re-raises SIGTERM unless stopOnTerminationSignals is off; the CLI owns shutdown.
    it('shuts every process down cleanly on SIGTERM (exit code 0)', async () => {
      const running = children.filter((child) => child.name !== 'migrate');
      await Promise.all(running.map((child) => stopPlexus(child)));
      const exits = running.map(({ name, child }) => ({
        name,
        code: child.exitCode,
        signal: child.signalCode,
      }));
      expect(exits).toEqual(running.map(({ name }) => ({ name, code: 0, signal: null })));
    });
  },
);
