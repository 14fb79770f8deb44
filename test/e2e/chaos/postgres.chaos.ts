// PostgreSQL restarted (fast shutdown, then start) while the projector writes and the flows write
// to the vendors, twice: nothing lost, no outbox row sent twice, no vendor document written twice.
import { chaosSuite, sleep } from './suite';

chaosSuite('PostgreSQL fast restart while the projector and the flows write', {
  cluster: { flows: true },
  trafficPerSecond: 20,
  fault: async (cluster) => {
    for (let i = 0; i < 2; i++) {
      await sleep(4_000);
      await cluster.postgres.restart();
    }
    await sleep(3_000);
    return '2 × PostgreSQL fast restart (pg_ctl restart -m fast)';
  },
});
