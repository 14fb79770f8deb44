// The broker SIGKILLed under load and started again 10 s later on its own data.
import { chaosSuite, sleep } from './suite';

chaosSuite('broker SIGKILL, down 10 s', {
  mayResend: true,
  fault: async (cluster) => {
    await sleep(5_000);
    const killed = Date.now();
    await cluster.kafka.kill();
    await sleep(10_000);
    await cluster.kafka.start();
    return `broker SIGKILL, back after ${Math.round((Date.now() - killed) / 1_000)} s`;
  },
});
