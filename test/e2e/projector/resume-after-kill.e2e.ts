import type { ChildProcess } from 'node:child_process';
import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import { closeORM, initORM } from '../../../store/orm';
import { KafkaStream } from '../../../streams/kafka';
import { projectedTopics } from '../../../streams/projector/runtime';
import { publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { kafkaBrokers, randomName, waitFor } from '../../helpers/kafka';
import { createFreshDatabase, type FreshDatabase } from '../../helpers/postgres';
import { countRows, groupIdOf, waitForCatchUp } from '../../helpers/projection';
import { startProjectorProcess } from './process';

/**
 * A projector killed mid-stream and started again: the group's partitions stay with the dead
 * member until its session times out (KAFKA_SESSION_TIMEOUT_MS, taken from this run's environment
 * when set), and the restarted process applies nothing until then. The test asserts that it resumes
 * and finishes the stream; the resume delay is printed, not asserted, since it rests on the machine.
 */
describeWithKafkaAndPostgres('projector: resume after SIGKILL', () => {
  const databases: FreshDatabase[] = [];
  const children: ChildProcess[] = [];
  afterAll(async () => {
    children.forEach((child) => child.kill('SIGKILL'));
    await closeORM();
    await Promise.all(databases.map((db) => db.drop()));
  });

  it(
    'takes the partitions back and applies the rest of the stream',
    { timeout: 300_000 },
    async () => {
      const events = generateDataset({
        seed: 11,
        customers: 600,
        orders: 2_500,
        products: 60,
        locations: 3,
      });
      const namespace = randomName('resume').replace(/[^a-z0-9]/g, '');
      const groupId = groupIdOf(namespace);
      const database = await createFreshDatabase('plexus_resume');
      databases.push(database);
      const startProjector = () => {
        const child = startProjectorProcess(namespace, database.url);
        children.push(child);
        return child;
      };

      const kafka = new KafkaStream({ brokers: kafkaBrokers(), clientId: namespace });
      await kafka.ensureTopics(projectedTopics(namespace).map((topic) => ({ topic })));
      await publish(kafka, events, namespace);
      // The first start, into a group nobody held, is the yardstick for the restart.
      const startedAt = Date.now();
      const first = startProjector();
      // The child migrates; until it has, the count fails and waitFor tries again.
      const db = await initORM(database.url);
      await waitFor(async () => (await countRows(db, 'applied_version')) > 0, {
        timeoutMs: 120_000,
        intervalMs: 100,
      });
      const firstAppliedAfterMs = Date.now() - startedAt;
      await waitFor(async () => (await countRows(db, 'applied_version')) > 500, {
        timeoutMs: 120_000,
        intervalMs: 50,
      });
      first.kill('SIGKILL');
      await new Promise((resolve) => first.once('exit', resolve));
      const atKill = await countRows(db, 'applied_version');
      const records = new Set(events.map((e) => `${e.source}/${e.entity}/${e.sourceId}`)).size;
      expect(atKill).toBeLessThan(records);

      const restartedAt = Date.now();
      const second = startProjector();
      await waitFor(async () => (await countRows(db, 'applied_version')) > atKill, {
        timeoutMs: 120_000,
        intervalMs: 100,
      });
      const resumedAfterMs = Date.now() - restartedAt;
      await waitForCatchUp(namespace, groupId, { timeoutMs: 180_000 });
      console.warn(
        `projector applied ${firstAppliedAfterMs} ms after its first start, and ${resumedAfterMs} ms after its restart (session timeout ${
          process.env.KAFKA_SESSION_TIMEOUT_MS ?? 'default'
        })`,
      );
      second.kill('SIGTERM');
      await new Promise((resolve) => second.once('exit', resolve));

      // Every record once: the kill lost nothing and the restart applied nothing as a new record.
      expect(await countRows(db, 'applied_version')).toBe(records);
      const orders = new Set(events.filter((e) => e.entity === 'order').map((e) => e.sourceId));
      expect(await countRows(db, 'orders')).toBe(orders.size);
      await kafka.close();
    },
  );
});
