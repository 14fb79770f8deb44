// The vendor goes wrong under load: connections refused for 30 s, then 503s, then requests held
// past the client's timeout (30 s), then a storm of 429s; then it behaves, and nothing is missing.
import { expect } from 'vitest';
import { chaosSuite, sleep } from './suite';

chaosSuite('vendor refused, 503, hanging, 429 storm', {
  cluster: { vendorProxy: true },
  fault: async (cluster) => {
    const vendor = cluster.vendor;
    if (!vendor) throw new Error('no misbehaving vendor');
    const phases = [
      ['refuse', 30_000],
      ['503', 15_000],
      ['hang', 40_000],
      ['429-storm', 15_000],
    ] as const;
    for (const [mode, ms] of phases) {
      await vendor.setMode(mode);
      await sleep(ms);
    }
    await vendor.setMode('healthy');
    const hits = phases.map(([mode]) => `${mode} ${vendor.hits[mode]}`).join(', ');
    return `vendor refused 30 s, 503 15 s, hung 40 s, 429 15 s (requests: ${hits})`;
  },
  after: (cluster) => {
    // Each phase was met by the connector, or it proved nothing.
    for (const mode of ['refuse', '503', 'hang', '429-storm'] as const) {
      expect(cluster.vendor?.hits[mode], mode).toBeGreaterThan(0);
    }
  },
});
