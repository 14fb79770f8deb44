// Each Plexus process SIGKILLed at a seeded random moment under load, and started again, the
// flows among them: after recovery no vendor holds a document the flows wrote twice.
import { createRng, intBetween } from '../../../sandbox/toolkit/random';
import type { ProcessName } from './cluster';
import { restartProjector } from './scenario';
import { chaosSuite, sleep } from './suite';

const VICTIMS: ProcessName[] = ['projector', 'connect', 'flows', 'subgraph', 'gateway'];

chaosSuite('SIGKILL of each Plexus process', {
  cluster: { graph: 'processes', flows: true },
  mayResend: true,
  fault: async (cluster) => {
    const rng = createRng(Number(process.env.CHAOS_SEED ?? 15));
    const done: string[] = [];
    for (const name of VICTIMS) {
      const wait = intBetween(rng, 1_000, 6_000);
      await sleep(wait);
      let rejoin = '';
      if (name === 'projector') {
        rejoin = ` (back in its group ${(await restartProjector(cluster)).rejoinSeconds} s after it was up)`;
      } else {
        await cluster.kill(name);
        await sleep(1_000);
        await cluster.start(name);
      }
      done.push(`${name} after ${(wait / 1_000).toFixed(1)} s${rejoin}`);
    }
    return `SIGKILL + restart: ${done.join(', ')}`;
  },
});
