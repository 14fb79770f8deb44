import { Counter, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/** One registry per process, exposed by each server's /metrics endpoint. */
export const registry = new Registry();
collectDefaultMetrics({ register: registry });

export const eventsApplied = new Counter({
  name: 'plexus_projector_events_total',
  help: 'Source events handled by the projector, by outcome',
  labelNames: ['topic', 'outcome'] as const,
  registers: [registry],
});

export const batchSeconds = new Histogram({
  name: 'plexus_projector_batch_seconds',
  help: 'Time to apply one batch to the store',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
  registers: [registry],
});

export const gatewayRefusals = new Counter({
  name: 'plexus_gateway_refused_total',
  help: 'Requests the gateway refused before running them, by error code (THROTTLED included)',
  labelNames: ['code'] as const,
  registers: [registry],
});
