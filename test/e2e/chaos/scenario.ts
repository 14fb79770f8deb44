// One chaos scenario on a cluster: live sandbox traffic and graph queries, a fault, then the
// checks that must hold once it is over. Returns the figures of the results table.
import { waitFor } from '../../helpers/kafka';
import type { Cluster } from './cluster';
import { checkCanonical, diffStoreAndSandbox, flowWrites, lagOf, type FlowWrites } from './compare';

/** The graph must answer (data, errors, or a refused connection) within this; never hang. */
export const GRAPH_DEADLINE_MS = 20_000;

const QUERY = '{ orders(first: 5) { totalCount nodes { name totalPrice { amount } } } }';

export interface GraphLoad {
  queries: number;
  ok: number;
  /** Answers that carried errors (partial or none data), with their first messages. */
  withErrors: number;
  /** Requests that never reached an answer: connection refused or reset (a killed gateway). */
  unreachable: number;
  /** Answers slower than GRAPH_DEADLINE_MS: must stay 0. */
  hung: number;
  maxMs: number;
  errorSamples: string[];
}

/** Graph queries at `perSecond` until stopped. */
export function startGraphLoad(cluster: Cluster, perSecond = 4) {
  const load: GraphLoad = {
    queries: 0,
    ok: 0,
    withErrors: 0,
    unreachable: 0,
    hung: 0,
    maxMs: 0,
    errorSamples: [],
  };
  let running = true;
  const one = async () => {
    const started = Date.now();
    load.queries += 1;
    try {
      const response = await fetch(cluster.gatewayUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${cluster.apiKey}` },
        body: JSON.stringify({ query: QUERY }),
        signal: AbortSignal.timeout(GRAPH_DEADLINE_MS),
      });
      const body = (await response.json()) as { errors?: Array<{ message: string }> };
      if (body.errors?.length) {
        load.withErrors += 1;
        const message = `${response.status}: ${body.errors[0]?.message ?? ''}`;
        if (load.errorSamples.length < 5 && !load.errorSamples.includes(message)) {
          load.errorSamples.push(message);
        }
      } else {
        load.ok += 1;
      }
    } catch (error) {
      if (error instanceof Error && error.name === 'TimeoutError') load.hung += 1;
      else load.unreachable += 1;
    } finally {
      load.maxMs = Math.max(load.maxMs, Date.now() - started);
    }
  };
  const inFlight = new Set<Promise<void>>();
  const timer = setInterval(() => {
    // A slow graph must not pile up queries in this process, which also hosts the sandbox.
    if (!running || inFlight.size >= 2) return;
    const p = one().finally(() => inFlight.delete(p));
    inFlight.add(p);
  }, 1_000 / perSecond);
  return {
    load,
    async stop(): Promise<GraphLoad> {
      running = false;
      clearInterval(timer);
      await Promise.all(inFlight);
      return load;
    },
  };
}

export interface ScenarioResult {
  scenario: string;
  faults: string;
  /** Source events published while the scenario ran (traffic and repairs). */
  eventsInFlight: number;
  /** Sandbox records the store did not hold, or held stale, once recovered: must be 0. */
  lost: number;
  /** Canonical messages repeating a record's version. */
  duplicated: number;
  /** Of those, from another outbox batch: a left-behind batch rebuilt from the store, or a change recorded twice. */
  duplicatedFromAnotherBatch: number;
  /** With the flows: what they wrote to the vendors, and what twice (must be 0). */
  flows?: FlowWrites;
  /** From the end of the fault until the store equals the sandbox with no lag. */
  recoverySeconds: number;
  graph: GraphLoad;
  crashed: string[];
  problems: string[];
}

/** Until the store equals the sandbox and the projector has no lag; the differences if not. */
export async function converge(cluster: Cluster, timeoutMs: number): Promise<string[]> {
  let last: string[] = ['not compared yet'];
  const kafka = cluster.kafka.kafka();
  await waitFor(
    async () => {
      try {
        const { lag } = await lagOf(kafka, cluster.namespace, cluster.groupId);
        last = lag > 0 ? [`lag ${lag}`] : await diffStoreAndSandbox(cluster.db, cluster.sandbox);
      } catch (error) {
        // Said in the failure, not swallowed: a broker that never answers reads as such.
        last = [`not compared: ${error instanceof Error ? error.message : String(error)}`];
      }
      return last.length === 0;
    },
    { timeoutMs, intervalMs: 1_000 },
  ).catch(() => undefined);
  return last;
}

export async function runScenario(
  cluster: Cluster,
  options: {
    scenario: string;
    trafficPerSecond: number;
    /** Injects the fault under load and returns what it did, in words. */
    fault: () => Promise<string>;
    recoveryTimeoutMs?: number;
  },
): Promise<ScenarioResult> {
  const kafka = cluster.kafka.kafka();
  const before = (await lagOf(kafka, cluster.namespace, cluster.groupId)).total;
  const graph = startGraphLoad(cluster);
  const { traffic } = cluster.sandbox;
  traffic.setRate(options.trafficPerSecond);
  traffic.start();
  // The ERP ships open sales orders, the flows' among them: shipment-to-fulfilment's input.
  cluster.erp?.traffic.setRate(2);
  cluster.erp?.traffic.start();
  const faults = await options.fault();
  const faultEnded = Date.now();
  // Load goes on a little past the fault, then the sandbox holds still so the store can catch up.
  await new Promise((resolve) => setTimeout(resolve, 3_000));
  traffic.stop();
  cluster.erp?.traffic.stop();
  const problems = await converge(cluster, options.recoveryTimeoutMs ?? 600_000);
  const recoverySeconds = (Date.now() - faultEnded) / 1_000;
  const graphLoad = await graph.stop();
  let canonical = await checkCanonical(kafka, cluster.db, cluster.namespace);
  // The relay publishes after the commit: give it the time to send what it holds.
  await waitFor(
    async () =>
      (canonical = await checkCanonical(kafka, cluster.db, cluster.namespace)).problems.length ===
      0,
    { timeoutMs: 60_000, intervalMs: 2_000 },
  ).catch(() => undefined);
  const flows = cluster.erp && cluster.books ? await settleFlows(cluster) : undefined;
  const after = (await lagOf(kafka, cluster.namespace, cluster.groupId)).total;
  const lost = problems.length ? await diffStoreAndSandbox(cluster.db, cluster.sandbox) : [];
  return {
    scenario: options.scenario,
    faults,
    eventsInFlight: after - before,
    lost: lost.reduce((n, line) => n + Number(/(\d+) missing/.exec(line)?.[1] ?? 0), 0),
    duplicated: canonical.duplicates,
    duplicatedFromAnotherBatch: canonical.fromAnotherBatch,
    ...(flows ? { flows } : {}),
    recoverySeconds: Math.round(recoverySeconds),
    graph: graphLoad,
    crashed: cluster.crashed(),
    problems: [...problems, ...canonical.problems, ...(flows?.problems ?? [])],
  };
}

/**
 * Once no flow run is waiting or backing off (runs parked for a missing input stay parked), what
 * the flows wrote. Duplicates are counted whether or not they settle: a vendor document is never
 * taken back.
 */
async function settleFlows(cluster: Cluster): Promise<FlowWrites> {
  const { erp, books, sandbox } = cluster;
  if (!erp || !books) throw new Error('no flow vendors');
  const sql = cluster.db.orm.em.fork().getConnection();
  await waitFor(
    async () =>
      Number(
        (
          await sql.execute<Array<{ n: string }>>(
            `select count(*)::text as n from flow_run where state in ('pending', 'retrying')`,
          )
        )[0]?.n ?? 1,
      ) === 0,
    { timeoutMs: 180_000, intervalMs: 2_000 },
  ).catch(() => undefined);
  return flowWrites({ erp, books, shop: sandbox });
}

/**
 * SIGKILLs the projector and starts another; resolves once the new one alone holds the group (a
 * member id the group did not have before). A killed consumer cannot leave its group: the new
 * one waits for the broker to drop the old member after KAFKA_SESSION_TIMEOUT_MS, which is the
 * wait this measures (`rejoinSeconds`, from the new process answering /health).
 */
export async function restartProjector(
  cluster: Cluster,
): Promise<{ startSeconds: number; rejoinSeconds: number }> {
  const admin = cluster.kafka.kafka().admin();
  await admin.connect();
  try {
    const group = async () => (await admin.describeGroups([cluster.groupId])).groups[0];
    const before = new Set((await group())?.members.map((m) => m.memberId));
    const killed = Date.now();
    await cluster.kill('projector');
    await cluster.start('projector');
    const started = Date.now();
    await waitFor(
      async () => {
        const g = await group();
        const member = g?.members[0]?.memberId;
        return g?.state === 'Stable' && g.members.length === 1 && !before.has(member ?? '');
      },
      { timeoutMs: 180_000, intervalMs: 200 },
    );
    return {
      startSeconds: Math.round((started - killed) / 100) / 10,
      rejoinSeconds: Math.round((Date.now() - started) / 100) / 10,
    };
  } finally {
    await admin.disconnect();
  }
}

/** One line of the results table, printed by each scenario for the report. */
export function resultLine(r: ScenarioResult): string {
  return (
    `| ${r.scenario} | ${r.faults} | ${r.eventsInFlight} | ${r.lost} | ` +
    `${r.duplicated} (${r.duplicatedFromAnotherBatch} from another batch)` +
    (r.flows ? `; flows: ${r.flows.duplicates} of ${r.flows.writes} vendor writes` : '') +
    ` | ` +
    `${r.recoverySeconds} s | ${r.graph.queries} queries: ${r.graph.ok} ok, ${r.graph.withErrors} with errors, ` +
    `${r.graph.unreachable} unreachable, ${r.graph.hung} hung, max ${r.graph.maxMs} ms |`
  );
}
