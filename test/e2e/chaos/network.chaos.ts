// Network faults between Plexus and its broker and between Plexus and PostgreSQL, through TCP
// fault proxies: added latency, then every connection reset again and again.
import { chaosSuite, sleep } from './suite';

chaosSuite('network: latency and resets to the broker and to PostgreSQL', {
  cluster: { kafkaProxy: true, postgresProxy: true },
  fault: async (cluster) => {
    const proxies = [cluster.kafkaProxy, cluster.postgresProxy].filter((p) => p !== undefined);
    if (proxies.length !== 2) throw new Error('no fault proxies');
    for (const proxy of proxies) proxy.setLatency(200);
    await sleep(15_000);
    for (const proxy of proxies) proxy.setLatency(0);
    let resets = 0;
    for (let i = 0; i < 5; i++) {
      await sleep(3_000);
      for (const proxy of proxies) resets += proxy.resetConnections();
    }
    return `200 ms added each way for 15 s; ${resets} connections reset over 15 s`;
  },
});
