// The chaos suite's smoke, in every `npm test`: one small cluster of its own (broker, PostgreSQL,
// Plexus processes), live traffic and graph queries, a projector SIGKILL and a PostgreSQL fast
// restart. `npm run chaos` runs every scenario (*.chaos.ts) at full length.
import { chaosSuite, sleep } from './suite';

chaosSuite('smoke: projector SIGKILL, PostgreSQL fast restart', {
  cluster: { shop: { customers: 20, products: 6, orders: 40 } },
  killsProjector: true,
  fault: async (cluster) => {
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
