/**
 * npm run bench:ingest — events/s applied to PostgreSQL from Kafka, and the latency from produce
 * to stored (p50, p99), on the real broker and server (KAFKA_BROKERS, DATABASE_URL).
 *
 * Phase 1 (throughput): N events wait on the topics, then the projector starts; the rate is N over
 * the time it takes to catch up. Phase 2 (latency): the projector runs while events are produced at
 * a steady rate below its capacity; latency is stored-at minus the producer's message timestamp.
 */
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { datasetSummary, generateDataset } from '../demo/dataset';
import { createLogger } from '../lib/logger';
import { batchSeconds } from '../lib/metrics';
import type { ChangeEvent } from '../schema/events';
import { closeORM, initORM } from '../store/orm';
import { KafkaStream } from '../streams/kafka';
import { projectedTopics, startProjection } from '../streams/projector/runtime';
import { publishEvents } from '../streams/publish';
import { publish } from '../test/helpers/events';
import { countRows, groupIdOf, waitForCatchUp } from '../test/helpers/projection';
import { cpuSpent, fmt, percentile } from './stats';

const { values } = parseArgs({
  options: {
    customers: { type: 'string', default: '5000' },
    orders: { type: 'string', default: '20000' },
    rate: { type: 'string', default: '2000' },
    seconds: { type: 'string', default: '10' },
  },
});
process.env.KAFKA_BROKERS ??= '127.0.0.1:9092';
const brokers = process.env.KAFKA_BROKERS.split(',');
const serverUrl = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
if (!serverUrl.startsWith('postgres'))
  throw new Error('bench:ingest measures PostgreSQL: set DATABASE_URL=postgres://…');

const stamp = Date.now().toString(36);
const namespace = `bench${stamp}`;
const database = `plexus_bench_${stamp}`;
const admin = new pg.Client({ connectionString: serverUrl });
await admin.connect();
await admin.query(`create database ${database}`);
const url = new URL(serverUrl);
url.pathname = `/${database}`;

try {
  const db = await initORM(url.href, { migrate: true });
  const stream = new KafkaStream({ brokers, clientId: namespace });
  await stream.ensureTopics(projectedTopics(namespace).map((topic) => ({ topic })));

  const events = generateDataset({
    seed: 1,
    customers: Number(values.customers),
    orders: Number(values.orders),
    products: 500,
    locations: 3,
  });
  console.log(`dataset: ${fmt(events.length)} events (${describeMix(events)})`);

  let t = performance.now();
  await publish(stream, events, namespace);
  console.log(`produced in ${fmt((performance.now() - t) / 1000, 1)} s`);

  // Phase 1: drain the backlog. Done when the group has committed every offset.
  const latencies: number[] = [];
  let phase2Start = Number.POSITIVE_INFINITY;
  t = performance.now();
  const cpuAtStart = cpuSpent();
  const projection = await startProjection({
    stream,
    orm: db.orm,
    groupId: groupIdOf(namespace),
    namespace,
    logger: createLogger('bench', 'warn'),
    onApplied: (messages) => {
      const now = Date.now();
      for (const m of messages) if (m.timestamp >= phase2Start) latencies.push(now - m.timestamp);
    },
  });
  await waitForCatchUp(namespace, groupIdOf(namespace), { timeoutMs: 30 * 60_000 });
  const seconds = (performance.now() - t) / 1000;
  const throughput = events.length / seconds;
  const cpuAtCatchUp = cpuSpent();
  // The canonical topics follow the store through the outbox; how far behind were they?
  const pendingAtCatchUp = await countRows(db, 'outbox');
  while ((await countRows(db, 'outbox')) > 0) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const outboxSeconds = (performance.now() - t) / 1000 - seconds;

  // Phase 2: steady load below capacity; latency from the producer's timestamp to the commit.
  const rate = Number(values.rate);
  // Newer versions of records already stored: every one is admitted and written, none skipped.
  const steady = events.slice(0, rate * Number(values.seconds)).map((e) => ({
    ...e,
    eventId: randomUUID(),
    version: e.version + 10_000_000_000,
  }));
  const producer = await stream.producer();
  const perTick = Math.max(1, Math.round(rate / 20));
  phase2Start = Date.now();
  for (let i = 0; i < steady.length; i += perTick) {
    const tick = performance.now();
    await publishEvents(producer, steady.slice(i, i + perTick), { namespace });
    const wait = 50 - (performance.now() - tick);
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
  }
  const deadline = Date.now() + 120_000;
  while (latencies.length < steady.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const batches = (await batchSeconds.get()).values;
  const count = batches.find((v) => v.metricName?.endsWith('_count'))?.value ?? 0;
  const sum = batches.find((v) => v.metricName?.endsWith('_sum'))?.value ?? 0;
  await producer.disconnect();
  await projection.stop();
  await stream.close();
  await closeORM();

  console.log('');
  console.log(
    `throughput: ${fmt(throughput)} events/s applied to PostgreSQL (${fmt(events.length)} events in ${fmt(seconds, 2)} s)`,
  );
  const perEvent = (spent: number) => `${fmt(spent / events.length, 1)} µs`;
  const machineCpu =
    cpuAtCatchUp.machine === null || cpuAtStart.machine === null
      ? ''
      : `, whole machine (PostgreSQL and the broker too) ${perEvent(cpuAtCatchUp.machine - cpuAtStart.machine)}`;
  console.log(
    `CPU per event while catching up: this process ${perEvent(cpuAtCatchUp.process - cpuAtStart.process)}${machineCpu}`,
  );
  console.log(
    `latency at ${fmt(rate)} events/s offered: p50 ${fmt(percentile(latencies, 50))} ms, p99 ${fmt(percentile(latencies, 99))} ms (${fmt(latencies.length)} of ${fmt(steady.length)} events)`,
  );
  console.log(
    `canonical topics: ${fmt(pendingAtCatchUp)} outbox batches still to send when the store caught up, all sent ${fmt(outboxSeconds, 2)} s later`,
  );
  console.log(
    `batches: ${fmt(count)} store transactions, ${fmt((sum / Math.max(1, count)) * 1000, 1)} ms each on average, ${fmt((events.length + steady.length) / Math.max(1, count), 1)} events each`,
  );
  console.log(
    `reference: Debezium JDBC sink with batching ≈ 2,300 events/s (anchors.md); ratio ${fmt(throughput / 2_300, 1)}x`,
  );
} finally {
  await admin.query(`drop database if exists ${database} with (force)`);
  await admin.end();
}

/** The six biggest topics of the dataset, by events. */
function describeMix(events: ChangeEvent[]): string {
  return Object.entries(datasetSummary(events))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 6)
    .map(([topic, n]) => `${topic} ${fmt(n)}`)
    .join(', ');
}
