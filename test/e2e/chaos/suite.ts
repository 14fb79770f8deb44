// One chaos scenario as a vitest suite: a cluster of its own, the backfill settled, then the fault
// under load, and the checks every scenario shares.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import { startCluster, type Cluster, type ClusterOptions } from './cluster';
import { converge, resultLine, runScenario } from './scenario';

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export function chaosSuite(
  title: string,
  options: {
    cluster?: ClusterOptions;
    trafficPerSecond?: number;
    /** Injects the faults under load; returns what it did, in words, for the results table. */
    fault: (cluster: Cluster) => Promise<string>;
    /**
     * A SIGKILLed projector, or a broker killed under a send whose answer is lost, may send an
     * outbox batch again (at least once, the README says), and a batch left behind is rebuilt
     * from the store as the records stand now, repeating a later batch's version: these
     * scenarios count such repeats without failing on them.
     */
    mayResend?: boolean;
    /** Checks of the scenario's own, after the shared ones. */
    after?: (cluster: Cluster) => void | Promise<void>;
  },
): void {
  describeWithKafkaAndPostgres(`chaos: ${title}`, () => {
    let cluster: Cluster;

    beforeAll(async () => {
      cluster = await startCluster(options.cluster);
      expect(await converge(cluster, 300_000)).toEqual([]);
    }, 900_000);

    afterAll(async () => {
      await cluster?.close();
    }, 300_000);

    it(
      'loses nothing, publishes nothing twice, and the graph never hangs',
      { timeout: 1_800_000 },
      async () => {
        const result = await runScenario(cluster, {
          scenario: title,
          trafficPerSecond: options.trafficPerSecond ?? 10,
          fault: () => options.fault(cluster),
        });
        console.warn(`${resultLine(result)}\n${result.graph.errorSamples.join('\n')}`);
        expect(result.problems).toEqual([]);
        expect(result.crashed).toEqual([]);
        expect(result.lost).toBe(0);
        if (!options.mayResend) expect(result.duplicated).toBe(0);
        expect(result.eventsInFlight).toBeGreaterThan(0);
        expect(result.graph.hung).toBe(0);
        expect(result.graph.ok).toBeGreaterThan(0);
        // With the flows, they wrote something (or the duplicate counts proved nothing).
        if (result.flows) expect(result.flows.writes).toBeGreaterThan(0);
        await options.after?.(cluster);
      },
    );
  });
}
