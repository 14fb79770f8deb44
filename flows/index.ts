import type { BcClient } from '../connectors/businesscentral/client';
import { bcWrites } from '../connectors/businesscentral/writes';
import type { Logger } from '../lib/logger';
import type { Orm } from '../store/orm';
import type { Stream } from '../streams/stream';
import type { Flow, FlowName } from './flow';
import { createOrderToErp } from './order-to-erp';
import { FlowRunner, type FlowStatus } from './runner';
import type { FlowSettings } from './settings';

/**
 * The vendor clients the flows write through, each present only where its vendor is configured.
 * A flow whose client is missing does not start. Each flow adds its own client here.
 */
export interface FlowClients {
  /** Business Central (order-to-erp): its write calls are in connectors/businesscentral/writes.ts. */
  erp?: BcClient;
}

/** Builds every flow whose vendor client is there: the one list of the flows. */
export function buildFlows(clients: FlowClients, settings: FlowSettings): Flow[] {
  const flows: Flow[] = [];
  if (clients.erp)
    flows.push(createOrderToErp({ bc: bcWrites(clients.erp), settings: settings.orderToErp }));
  return flows;
}

export interface RunningFlows {
  names: FlowName[];
  health(): FlowStatus[];
  /** Looks at the ledger now (after a retry was queued in this process). */
  kick(): void;
  stop(): Promise<void>;
}

/** Starts a runner per flow (or per given flow, for tests) on one stream and one store. */
export async function startFlows(options: {
  stream: Stream;
  orm: Orm;
  namespace: string;
  logger: Logger;
  clients: FlowClients;
  settings: FlowSettings;
  /** Instead of buildFlows: tests run one flow with its doubles. */
  flows?: Flow[];
}): Promise<RunningFlows> {
  const enabled = options.settings.enabled;
  const flows = (options.flows ?? buildFlows(options.clients, options.settings)).filter(
    (flow) => !enabled || enabled.includes(flow.name),
  );
  const runners: FlowRunner[] = [];
  try {
    for (const flow of flows) {
      const runner = new FlowRunner({
        flow,
        stream: options.stream,
        orm: options.orm,
        namespace: options.namespace,
        logger: options.logger,
      });
      await runner.start();
      runners.push(runner);
    }
  } catch (error) {
    await Promise.allSettled(runners.map((r) => r.stop()));
    throw error;
  }
  if (runners.length) options.logger.info({ flows: flows.map((f) => f.name) }, 'flows running');
  return {
    names: flows.map((f) => f.name),
    health: () => runners.map((r) => r.health()),
    kick: () => runners.forEach((r) => r.kick()),
    async stop() {
      await Promise.allSettled(runners.map((r) => r.stop()));
    },
  };
}

export { FLOW_NAMES, RefusedError, TransientError } from './flow';
export type { Flow, FlowContext, FlowName, FlowOutcome } from './flow';
export { Ledger } from './ledger';
export type { FlowStatus } from './runner';
