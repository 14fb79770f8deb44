// Rolling restarts: two `plexus projector` processes in one consumer group, under a steady stream
// of events; one is restarted (SIGTERM, start again), then the other. A trigger on applied_version
// (the projector's book of versions applied) logs every write it admits, which proves the two
// claims: no event applied twice (no event id written twice), none lost (every record's applied
// version is the newest one published).
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import type { ChangeEvent } from '../../../schema/events';
import { closeORM, initORM, type Db } from '../../../store/orm';
import { KafkaStream } from '../../../streams/kafka';
import { publishEvents } from '../../../streams/publish';
import { projectedTopics } from '../../../streams/projector/runtime';
import { nextVersion } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { kafkaBrokers, randomName } from '../../helpers/kafka';
import { freePorts } from '../../helpers/ports';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/postgres';
import { groupIdOf, waitForCatchUp } from '../../helpers/projection';
import {
  startPlexus,
  stopPlexus,
  waitForHealth,
  type PlexusProcess,
} from '../distributed/processes';

const WRITE_LOG = `
  create table write_log (source text, entity text, source_id text, version bigint, event_id uuid);
  create function log_write() returns trigger language plpgsql as $$
  begin
    insert into write_log values (new.source, new.entity, new.source_id, new.version, new.event_id);
    return new;
  end $$;
  create trigger log_write after insert or update on applied_version
    for each row execute function log_write();`;

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const keyOf = (e: { source: string; entity: string; sourceId: string }) =>
  `${e.source}/${e.entity}/${e.sourceId}`;

describeWithKafkaAndPostgres('rolling restart of two projectors in one group', () => {
  const children: PlexusProcess[] = [];
  let database: FreshDatabase | undefined;
  let stream: KafkaStream | undefined;
  afterAll(async () => {
    await Promise.all(children.map((child) => stopPlexus(child)));
    await stream?.close();
    await closeORM();
    await database?.drop();
  }, 60_000);

  it('loses no event and applies none twice', { timeout: 600_000 }, async () => {
    const namespace = randomName('rolling').replace(/[^a-z0-9]/g, '');
    const groupId = groupIdOf(namespace);
    database = await createFreshDatabase('plexus_rolling');
    const db: Db = await initORM(database.url, { migrate: true });
    await db.orm.em.getConnection().execute(WRITE_LOG);
    stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: namespace });
    await stream.ensureTopics(projectedTopics(namespace).map((topic) => ({ topic })));
    const producer = await stream.producer();

    const ports = await freePorts(2);
    const projector = (name: string, port: number | undefined) => {
      const proc = startPlexus(name, ['projector'], {
        KAFKA_BROKERS: kafkaBrokers().join(','),
        KAFKA_CLIENT_ID: `plexus-${namespace}`,
        KAFKA_SESSION_TIMEOUT_MS: '6000',
        DATABASE_URL: database?.url ?? '',
        TOPIC_NAMESPACE: namespace,
        PROJECTOR_GROUP_ID: groupId,
        PROJECTOR_PORT: String(port),
        MIGRATE_ON_START: 'false',
        LOG_LEVEL: 'warn',
      });
      children.push(proc);
      return waitForHealth(proc, `http://127.0.0.1:${port}/health`, 300_000).then(() => proc);
    };
    let [a, b] = await Promise.all([projector('a', ports[0]), projector('b', ports[1])]);

    // The steady stream: the dataset first, then newer versions of its records, 100 a second.
    const base = generateDataset({
      seed: 7,
      customers: 80,
      orders: 200,
      products: 12,
      locations: 2,
    });
    const newest = new Map<string, ChangeEvent>();
    const remember = (events: ChangeEvent[]) => {
      for (const e of events) {
        const held = newest.get(keyOf(e));
        if (!held || e.version > held.version) newest.set(keyOf(e), e);
      }
    };
    remember(base);
    let published = await publishEvents(producer, base, { namespace });
    // Newer versions of records that still exist: a deleted one has no payload to carry on.
    const upserts = [...newest.values()].filter((e) => e.op === 'upsert');
    let streaming = true;
    const load = (async () => {
      for (let round = 0; streaming; round++) {
        const batch = Array.from({ length: 10 }, (_, i) => {
          const e = upserts[(round * 10 + i) % upserts.length] as ChangeEvent;
          const next = nextVersion(newest.get(keyOf(e)) ?? e, {}, 1);
          return next;
        });
        remember(batch);
        published += await publishEvents(producer, batch, { namespace });
        await sleep(100);
      }
    })();

    const restart = async (proc: PlexusProcess, name: string, port: number | undefined) => {
      await sleep(3_000);
      await stopPlexus(proc, 20_000);
      expect(proc.child.exitCode, `${name} exits cleanly on SIGTERM`).toBe(0);
      return projector(name, port);
    };
    a = await restart(a, 'a', ports[0]);
    b = await restart(b, 'b', ports[1]);
    await sleep(3_000);
    streaming = false;
    await load;
    await producer.disconnect();
    await waitForCatchUp(namespace, groupId, { timeoutMs: 240_000 });

    const sql = db.orm.em.fork().getConnection();
    const applied = await sql.execute<
      Array<{ source: string; entity: string; source_id: string; version: string }>
    >('select source, entity, source_id, version from applied_version');
    const appliedVersion = new Map(
      applied.map((r) => [keyOf({ ...r, sourceId: r.source_id }), Number(r.version)]),
    );
    const stale = [...newest.values()].filter((e) => appliedVersion.get(keyOf(e)) !== e.version);
    const [writes] = await sql.execute<Array<{ n: string; events: string }>>(
      'select count(*) as n, count(distinct event_id) as events from write_log',
    );
    console.warn(
      `rolling restart: ${published} events published, ${newest.size} records, ` +
        `${writes?.n} writes admitted for ${writes?.events} distinct events, ${stale.length} records stale`,
    );
    expect(stale.map(keyOf)).toEqual([]);
    expect(Number(writes?.n)).toBe(Number(writes?.events));
    expect(Number(writes?.n)).toBeLessThanOrEqual(published);
    expect([a, b].map((p) => p.child.exitCode)).toEqual([null, null]);
  });
});
