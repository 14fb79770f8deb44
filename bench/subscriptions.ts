/**
 * npm run bench:subscriptions — event → client latency of GraphQL subscriptions.
 *
 * Method:
 * - A store (SQLite in a temp dir) holds one customer with 20 orders across all four sources
 *   (the graph tests' fixture); the gateway runs embedded, its four subgraphs in-process, fed by
 *   the in-process stream.
 * - `--subscribers` graphql-ws clients (one connection each) subscribe to
 *   `orderChanged { changedAt order { name customer { email crm { lifecycleStage } } accounting { paid } } }`,
 *   a selection that needs three subgraphs for every event.
 * - After a warm-up, `--events` canonical order changes are published onto the canonical topic
 *   at `--rate` a second. Latency runs from the moment a change is handed to the stream to the
 *   moment a client has its answer, for every (event, subscriber) pair.
 * - It prints deliveries and p50/p99/max latency. The gateway resolves each event once for all
 *   subscribers with the same selection and scopes, so latency grows with the fan-out of sends.
 *
 * The clients share the machine (and this process's event loop) with the gateway: the figures
 * are an upper bound of what the gateway alone adds.
 *
 * Flags (defaults): --subscribers 100, --events 200, --rate 20.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { startGateway } from '../gateway/server';
import { createLogger } from '../lib/logger';
import { canonicalTopic } from '../schema/events';
import { recordId } from '../store/ids';
import { closeORM, initORM } from '../store/orm';
import { encodeCanonical } from '../streams/codec';
import { MemoryStream } from '../streams/memory';
import { createSubgraphSchemas } from '../subgraphs/index';
import { seedCustomer360 } from '../test/e2e/graph/fixture';
import { credentialFor, testAuthenticate } from '../test/e2e/graph/harness';
import { fmt, percentile } from './stats';

const { values } = parseArgs({
  options: {
    subscribers: { type: 'string', default: '100' },
    events: { type: 'string', default: '200' },
    rate: { type: 'string', default: '20' },
  },
});
const subscribers = Number(values.subscribers);
const events = Number(values.events);
const rate = Number(values.rate);

const selection = `subscription { orderChanged { changedAt order { name customer { email crm { lifecycleStage } } accounting { paid } } } }`;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main() {
  const quiet = createLogger('bench', 'silent');
  const dir = mkdtempSync(join(tmpdir(), 'plexus-bench-subs-'));
  const url = `sqlite://${join(dir, 'store.sqlite')}`;
  const db = await initORM(url, { migrate: true });
  await seedCustomer360(db.orm.em, 20);
  const stream = new MemoryStream();
  const producer = await stream.producer();
  const gateway = await startGateway({
    port: 0,
    logger: quiet,
    authenticate: testAuthenticate,
    queryLimits: { maxCost: 1_000_000 },
    costBucket: { maximumAvailable: 10_000_000, restoreRate: 1_000_000 },
    subgraphs: createSubgraphSchemas(db.orm.em, { logger: quiet }),
    subscriptions: { stream, namespace: 'plexus' },
  });

  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  // Each client counts as warm once it has had a change: only then is its subscription surely live.
  const warmed = new Set<number>();
  const clients: Client[] = [];
  for (let i = 0; i < subscribers; i++) {
    const client = createClient({
      url: gateway.subscriptionsUrl,
      webSocketImpl: WebSocket,
      retryAttempts: 0,
      connectionParams: { Authorization: `Bearer ${credentialFor()}` },
    });
    clients.push(client);
    client.subscribe<{ orderChanged: { changedAt: string } }>(
      { query: selection },
      {
        next: (result) => {
          const at = sentAt.get(result.data?.orderChanged.changedAt ?? '');
          if (at === undefined) warmed.add(i);
          else latencies.push(performance.now() - at);
        },
        error: (error) => console.error('subscription failed', error),
        complete: () => undefined,
      },
    );
  }
  let version = Date.UTC(2025, 0, 1);
  const publish = async (record: boolean) => {
    version += 1;
    const changedAt = new Date(version).toISOString();
    const id = recordId('shopify', 'order', `ord-${version % 20}`);
    const message = encodeCanonical({
      id,
      entity: 'order',
      op: 'upsert',
      version,
      changedAt,
      data: {},
    });
    if (record) sentAt.set(changedAt, performance.now());
    await producer.send(canonicalTopic('order'), [message]);
  };
  // Warm-up: until every subscriber has had a change.
  while (warmed.size < subscribers) {
    await publish(false);
    await sleep(200);
  }
  const start = performance.now();
  for (let i = 0; i < events; i++) {
    await publish(true);
    await sleep(Math.max(0, start + ((i + 1) * 1000) / rate - performance.now()));
  }
  const expected = events * subscribers;
  const deadline = Date.now() + 60_000;
  while (latencies.length < expected && Date.now() < deadline) await sleep(100);

  console.log(
    `subscribers ${subscribers}, events ${events} at ${rate}/s, selection over 3 subgraphs`,
  );
  console.log(`deliveries   ${fmt(latencies.length)} of ${fmt(expected)}`);
  console.log(
    `latency ms   p50 ${fmt(percentile(latencies, 50), 1)}  p99 ${fmt(percentile(latencies, 99), 1)}  max ${fmt(Math.max(...latencies), 1)}`,
  );
  await Promise.all(clients.map((client) => client.dispose()));
  await gateway.stop();
  await producer.disconnect();
  await stream.close();
  await closeORM(url);
  rmSync(dir, { recursive: true, force: true });
  if (latencies.length < expected) process.exitCode = 1;
}

await main();
