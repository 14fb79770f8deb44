import type { ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import { canonicalTopic } from '../../../schema/events';
import type { CanonicalChange } from '../../../streams/projector/changes';
import { createLogger } from '../../../lib/logger';
import { closeORM, initORM } from '../../../store/orm';
import { KafkaStream } from '../../../streams/kafka';
import { MemoryStream } from '../../../streams/memory';
import { startProjection } from '../../../streams/projector/runtime';
import { writeOutbox } from '../../../streams/projector/sink/outbox';
import { diffDumps, dumpStore } from '../../helpers/dump';
import { publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import {
  kafkaBrokers,
  randomName,
  topicEndOffsets,
  waitFor,
  waitForMessages,
} from '../../helpers/kafka';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/postgres';
import { countRows, groupIdOf, waitForCatchUp } from '../../helpers/projection';
import { projectedTopics } from '../../../streams/projector/runtime';
import { startProjectorProcess } from './process';

describeWithKafkaAndPostgres('projector: SIGKILL mid-stream', () => {
  const databases: FreshDatabase[] = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    children.forEach((child) => child.kill('SIGKILL'));
    await closeORM();
    await Promise.all(databases.map((db) => db.drop()));
  });

  it(
    '(d) loses nothing and applies nothing twice after a kill and a restart',
    { timeout: 300_000 },
    async () => {
      const events = generateDataset({
        seed: 5,
        customers: 600,
        orders: 2_500,
        products: 60,
        locations: 3,
      });
      const namespace = randomName('crash').replace(/[^a-z0-9]/g, '');
      const groupId = groupIdOf(namespace);
      const target = await createFreshDatabase('plexus_crash');
      const reference = await createFreshDatabase('plexus_reference');
      databases.push(target, reference);

      // What one clean, in-order delivery gives: the in-process stream into its own database.
      const referenceDb = await initORM(reference.url, { migrate: true });
      const memory = new MemoryStream();
      const clean = await startProjection({
        stream: memory,
        orm: referenceDb.orm,
        groupId: 'reference',
        logger: createLogger('reference', 'silent'),
      });
      await publish(memory, events);

      const kafka = new KafkaStream({ brokers: kafkaBrokers(), clientId: namespace });
      const first = startProjectorProcess(namespace, target.url);
      children.push(first);
      await kafka.ensureTopics(projectedTopics(namespace).map((topic) => ({ topic })));
      await publish(kafka, events, namespace);
      const targetDb = await initORM(target.url);
      await waitFor(async () => (await countRows(targetDb, 'applied_version')) > 500, {
        timeoutMs: 60_000,
      });
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      const atKill = await countRows(targetDb, 'applied_version');
      // A batch committed by the killed process and never sent, as a crash right after a commit
      // leaves it: the restarted process must find it in the outbox and send it.
      const leftBehind = randomUUID();
      const leave = (changes: CanonicalChange[]) =>
        targetDb.orm.em.fork().transactional((em) =>
          writeOutbox({ em, dialect: 'postgresql' }, changes, {
            namespace,
            changedAt: new Date(Date.now() - 60_000).toISOString(),
          }),
        );
      await leave([{ entity: 'order', id: leftBehind, op: 'delete', version: 1, data: null }]);

      const second = startProjectorProcess(namespace, target.url);
      children.push(second);
      await waitForCatchUp(namespace, groupId, { timeoutMs: 180_000 });
      // A left-behind upsert is rebuilt from the store: its row names the order, not its data
      // (which here only a relay in memory would have seen).
      const [storedOrder] = await targetDb.orm.em
        .getConnection()
        .execute<Array<{ id: string }>>('select id from orders order by id limit 1');
      const orderId = storedOrder?.id ?? '';
      const rebuiltBatch = await leave([
        { entity: 'order', id: orderId, op: 'upsert', version: 1, data: {} },
      ]);
      // The canonical side survives the kill too: what the first process committed and never
      // sent, the second sends once it is 10 s old; every stored order is on its topic.
      await waitFor(async () => (await countRows(targetDb, 'outbox')) === 0, {
        timeoutMs: 60_000,
      });
      const orderTopic = canonicalTopic('order', namespace);
      const published = await waitForMessages(orderTopic, {
        count: Number(
          [...(await topicEndOffsets(orderTopic)).values()].reduce((n, e) => n + e, 0n),
        ),
        timeoutMs: 60_000,
      });
      const stored = await targetDb.orm.em
        .getConnection()
        .execute<Array<{ id: string }>>('select id from orders');
      const keys = new Set(published.map((m) => m.key));
      expect(stored.length).toBeGreaterThan(0);
      expect(stored.filter(({ id }) => !keys.has(id))).toEqual([]);
      expect(keys.has(leftBehind)).toBe(true);
      const rebuilt = published.find(
        (m) => m.headers['x-plexus-outbox-id'] === `${rebuiltBatch?.id}.0`,
      );
      expect(rebuilt?.key).toBe(orderId);
      expect(JSON.parse(rebuilt?.value ?? '{}')).toMatchObject({
        op: 'upsert',
        data: { id: orderId, lineItems: expect.arrayContaining([expect.anything()]) },
      });
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));

      const records = new Set(events.map((e) => `${e.source}/${e.entity}/${e.sourceId}`)).size;
      expect(await countRows(targetDb, 'applied_version')).toBe(records);
      await waitFor(async () => (await countRows(referenceDb, 'applied_version')) === records, {
        timeoutMs: 60_000,
      });
      await clean.stop();
      await memory.close();
      expect(atKill).toBeLessThan(records);
      expect(diffDumps(await dumpStore(targetDb.orm), await dumpStore(referenceDb.orm))).toEqual(
        [],
      );
      await kafka.close();
    },
  );
});
