// The chaos suite's smoke, in every `npm test`: one small cluster of its own (broker, PostgreSQL,
// Plexus processes), live traffic and graph queries, a projector SIGKILL and a PostgreSQL fast
// restart. The whole suite (`npm run chaos`, *.chaos.ts) runs each fault at full length.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { startCluster, type Cluster } from './cluster';
import { converge, resultLine, runScenario } from './scenario';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describeWithKafkaAndPostgres(
  'chaos smoke: projector SIGKILL and PostgreSQL restart under load',
  () => {
    let cluster: Cluster;

    beforeAll(async () => {
      cluster = await startCluster({ shop: { customers: 20, products: 6, orders: 40 } });
      expect(await converge(cluster, 180_000)).toEqual([]);
    }, 400_000);

    afterAll(async () => {
      await cluster?.close();
    }, 120_000);

    it(
      'loses nothing, publishes nothing twice, and the graph never hangs',
      { timeout: 400_000 },
      async () => {
        const result = await runScenario(cluster, {
          scenario: 'smoke: projector SIGKILL, PostgreSQL fast restart',
          trafficPerSecond: 10,
          fault: async () => {
            await sleep(3_000);
            await cluster.kill('projector');
            await sleep(1_000);
            await cluster.start('projector');
            await sleep(2_000);
            await cluster.postgres.restart();
            await sleep(3_000);
            return 'projector SIGKILL + restart; PostgreSQL fast restart';
          },
        });
        console.warn(resultLine(result));
        expect(result.problems).toEqual([]);
        expect(result.crashed).toEqual([]);
        expect(result.lost).toBe(0);
        expect(result.duplicated).toBe(0);
        expect(result.eventsInFlight).toBeGreaterThan(0);
        expect(result.graph.hung).toBe(0);
        expect(result.graph.ok).toBeGreaterThan(0);
      },
    );
  },
);
