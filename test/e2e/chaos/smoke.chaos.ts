// The chaos suite's smoke, in every `npm test`: one small cluster of its own (broker, PostgreSQL,
// Plexus processes), live traffic and graph queries, a projector SIGKILL and a PostgreSQL fast
// restart. `npm run chaos` runs every scenario (*.chaos.ts) at full length.
import { restartProjector } from './scenario';
import { chaosSuite, sleep } from './suite';

chaosSuite('smoke: projector SIGKILL, PostgreSQL fast restart', {
  cluster: { shop: { customers: 20, products: 6, orders: 40 } },
  mayResend: true,
  fault: async (cluster) => {
    await sleep(3_000);
    const projector = await restartProjector(cluster);
    await sleep(2_000);
    await cluster.postgres.restart();
    await sleep(3_000);
    return (
      `projector SIGKILL + restart (process up in ${projector.startSeconds} s, ` +
      `back in its group ${projector.rejoinSeconds} s later); PostgreSQL fast restart`
    );
  },
});
