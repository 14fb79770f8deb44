/**
 * Where each running connector's state is published for the process's readiness endpoints (the
 * gateway's and the ingress's `/ready`). Connectors write, servers read; neither imports the other.
 */

export const CONNECTOR_STATES = [
  'starting',
  'running',
  'backing_off',
  'failing',
  'stopped',
] as const;
export type ConnectorState = (typeof CONNECTOR_STATES)[number];

export interface ConnectorStatus {
  connector: string;
  state: ConnectorState;
  /** ISO instants. */
  since: string;
  failingSince?: string;
  lastSuccess?: string;
  /** The last failure, with a short excerpt of the vendor's answer. */
  lastError?: string;
  consecutiveFailures: number;
}

const board = new Map<string, () => ConnectorStatus>();

/** Adds (or replaces) a connector on the board; returns its removal. */
export function publishConnectorStatus(connector: string, read: () => ConnectorStatus): () => void {
  board.set(connector, read);
  return () => {
    if (board.get(connector) === read) board.delete(connector);
  };
}

export function connectorStatuses(): ConnectorStatus[] {
  return [...board.values()].map((read) => read());
}

/**
 * `degraded` when a connector is backing off or failing: the graph still answers from the store,
 * only fresh changes from that vendor are late. A strict probe (`?connectors=all`) treats it as
 * not ready.
 */
export function connectorReadiness(statuses: ConnectorStatus[]): 'ready' | 'degraded' {
  return statuses.every((s) => s.state === 'running' || s.state === 'starting')
    ? 'ready'
    : 'degraded';
}
