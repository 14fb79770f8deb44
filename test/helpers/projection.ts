import { createLogger } from '../../lib/logger';
import { closeORM, initORM, type Db } from '../../store/orm';
import { KafkaStream } from '../../streams/kafka';
import { projectedTopics, startProjection, type Projection } from '../../streams/projector/runtime';
import type { Stream } from '../../streams/stream';
import { kafkaBrokers, newKafka, randomName, waitFor } from './kafka';
import { createFreshDatabase, type FreshDatabase } from './postgres';

export const groupIdOf = (namespace: string): string => `projector-${namespace}`;

export interface KafkaProjection {
  namespace: string;
  db: Db;
  database: FreshDatabase;
  stream: Stream;
  projection: Projection;
  /** Stops the projector, then drops the database. */
  close(): Promise<void>;
}

/** A projector on the real broker, in its own topic namespace, into a fresh PostgreSQL database. */
export async function startKafkaProjection(
  namespace = randomName('t').replace(/[^a-z0-9]/g, ''),
  options: { exportsDir?: string } = {},
): Promise<KafkaProjection> {
  const database = await createFreshDatabase('plexus_e2e');
  const db = await initORM(database.url, { migrate: true });
  const stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: `test-${namespace}` });
  const projection = await startProjection({
    stream,
    orm: db.orm,
    groupId: groupIdOf(namespace),
    logger: createLogger('projector', process.env.LOG_LEVEL ?? 'warn'),
    namespace,
    ...options,
  });
  return {
    namespace,
    db,
    database,
    stream,
    projection,
    async close() {
      await projection.stop();
      await stream.close();
      await closeORM(database.url);
      await database.drop();
    },
  };
}

export async function countRows(db: Db, table: string): Promise<number> {
  const rows = await db.orm.em
    .getConnection()
    .execute<Array<{ n: number | string }>>(`select count(*) as n from "${table}"`);
  return Number(rows[0]?.n ?? 0);
}

/**
 * Resolves once the group has committed every message of the namespace's source topics, i.e. the
 * projector has applied (or dead-lettered) everything published so far; or of `topics`, for
 * another group (a flow's, on canonical topics).
 */
export async function waitForCatchUp(
  namespace: string,
  groupId: string,
  { timeoutMs = 120_000, topics = projectedTopics(namespace) } = {},
): Promise<void> {
  const admin = newKafka().admin();
  await admin.connect();
  try {
    await waitFor(
      async () => {
        const committed = await admin.fetchOffsets({ groupId, topics });
        for (const { topic, partitions } of committed) {
          const ends = await admin.fetchTopicOffsets(topic);
          for (const { partition, high } of ends) {
            const done = partitions.find((p) => p.partition === partition)?.offset ?? '-1';
            if (BigInt(high) > 0n && BigInt(done) < BigInt(high)) return false;
          }
        }
        return true;
      },
      { timeoutMs, intervalMs: 250 },
    );
  } finally {
    await admin.disconnect();
  }
}
