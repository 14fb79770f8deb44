// Each Plexus process SIGKILLed at a seeded random moment under load, and started again. The
// flows, once they run as a process of their own, join this list (and cluster.ts's processSpecs).
import { createRng, intBetween } from '../../../sandbox/toolkit/random';
import type { ProcessName } from './cluster';
import { chaosSuite, sleep } from './suite';

const VICTIMS: ProcessName[] = ['projector', 'connect', 'subgraph', 'gateway'];

chaosSuite('SIGKILL of each Plexus process', {
  cluster: { graph: 'processes' },
  killsProjector: true,
  fault: async (cluster) => {
    const rng = createRng(Number(process.env.CHAOS_SEED ?? 15));
    const done: string[] = [];
    for (const name of VICTIMS) {
      const wait = intBetween(rng, 1_000, 6_000);
      await sleep(wait);
      await cluster.kill(name);
      await sleep(1_000);
      await cluster.start(name);
      done.push(`${name} after ${(wait / 1_000).toFixed(1)} s`);
    }
    return `SIGKILL + restart: ${done.join(', ')}`;
  },
});
