import { createLogger } from '../../lib/logger';
import { closeORM, initORM, type Db } from '../../store/orm';
import { KafkaStream } from '../../streams/kafka';
import { startProjection, type Projection } from '../../streams/projector/runtime';
import type { Stream } from '../../streams/stream';
import { kafkaBrokers, randomName } from './kafka';
import { createFreshDatabase, type FreshDatabase } from './postgres';

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
export async function startKafkaProjection(namespace = randomName('t').replace(/[^a-z0-9]/g, '')): Promise<KafkaProjection> {
  const database = await createFreshDatabase('plexus_e2e');
  const db = await initORM(database.url, { migrate: true });
  const stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: `test-${namespace}` });
  const projection = await startProjection({
    stream,
    orm: db.orm,
    groupId: `projector-${namespace}`,
    logger: createLogger('projector', process.env.LOG_LEVEL ?? 'warn'),
    namespace,
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
