import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

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

/** 1 for the state each connector is in, 0 for the others (a Prometheus state set). */
export const connectorState = new Gauge({
  name: 'plexus_connector_state',
  help: 'Connector state: 1 for the current one of starting, running, backing_off, failing, stopped',
  labelNames: ['connector', 'state'] as const,
  registers: [registry],
});

export const connectorLastSuccess = new Gauge({
  name: 'plexus_connector_last_success_timestamp_seconds',
  help: 'When the connector last had a successful answer from its vendor (Unix seconds)',
  labelNames: ['connector'] as const,
  registers: [registry],
});

export const connectorFailures = new Counter({
  name: 'plexus_connector_failures_total',
  help: 'Failed vendor calls and connector runs, by connector',
  labelNames: ['connector'] as const,
  registers: [registry],
});

export const flowRuns = new Counter({
  name: 'plexus_flow_runs_total',
  help: 'Flow runs by flow and outcome (done, unchanged, parked, skipped, retrying, failed)',
  labelNames: ['flow', 'outcome'] as const,
  registers: [registry],
});

/** Ledger rows per flow and state, refreshed by each running flow. */
export const flowKeys = new Gauge({
  name: 'plexus_flow_keys',
  help: 'Flow ledger rows by flow and state (pending, done, parked, skipped, failed, retrying)',
  labelNames: ['flow', 'state'] as const,
  registers: [registry],
});

export const flowRunSeconds = new Histogram({
  name: 'plexus_flow_run_seconds',
  help: 'Time of one flow run (sync of one key), vendor calls included',
  labelNames: ['flow'] as const,
  buckets: [0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const redactedEventsDropped = new Counter({
  name: 'plexus_projector_redacted_events_dropped_total',
  help: 'Source events for a person a privacy request erased, not applied (see the redaction list)',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const privacyRequests = new Counter({
  name: 'plexus_privacy_requests_total',
  help: 'Privacy requests handled by the privacy worker, by kind and outcome',
  labelNames: ['kind', 'outcome'] as const,
  registers: [registry],
});

export const subscriptionsActive = new Gauge({
  name: 'plexus_subscriptions_active',
  help: 'GraphQL subscriptions the gateway is serving',
  registers: [registry],
});

export const subscriptionsDropped = new Counter({
  name: 'plexus_subscriptions_dropped_total',
  help: 'WebSocket clients closed with 1013 for reading slower than their changes arrive',
  registers: [registry],
});

/** The in-process streams of this process, weakly held: one that is dropped unclosed stops counting. */
const heldBy = new Set<WeakRef<{ held(): number }>>();

export const streamMessagesHeld = new Gauge({
  name: 'plexus_stream_messages_held',
  help: 'Messages the in-process stream holds in memory; it grows only while a consumer group falls behind',
  registers: [registry],
  collect() {
    let held = 0;
    for (const ref of heldBy) {
      const stream = ref.deref();
      if (stream) held += stream.held();
      else heldBy.delete(ref);
    }
    this.set(held);
  },
});

/** Counts `stream` in plexus_stream_messages_held until the returned function is called. */
export function reportStreamHeld(stream: { held(): number }): () => void {
  const ref = new WeakRef(stream);
  heldBy.add(ref);
  return () => heldBy.delete(ref);
}

export const webhooksRefused = new Counter({
  name: 'plexus_webhooks_refused_total',
  help: 'Webhook deliveries answered 503 because the connector webhook queue was full, by source',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const webhookQueueDepth = new Gauge({
  name: 'plexus_webhook_queue_depth',
  help: 'Webhooks accepted and not yet processed, by source',
  labelNames: ['source'] as const,
  registers: [registry],
});

export const streamConsumerRestarts = new Counter({
  name: 'plexus_stream_consumer_restarts_total',
  help: 'Kafka consumers restarted by Plexus after a crash kafkajs would not restart itself, by group',
  labelNames: ['group'] as const,
  registers: [registry],
});

export const streamConsumerCrashed = new Gauge({
  name: 'plexus_stream_consumer_crashed',
  help: '1 while a Kafka consumer is down after a crash and waiting to restart, by group',
  labelNames: ['group'] as const,
  registers: [registry],
});
