import type { OptionalProps, PrimaryKeyProp } from '@mikro-orm/core';
import { EntitySchema } from '@mikro-orm/core';
import { integer, text, textOrNull, timestamp, timestampOrNull } from '../common/columns';

/** What a flow's ledger knows of one key (flows/flow.ts): pending until a worker has run it. */
export const FLOW_RUN_STATES = [
  'pending',
  'done',
  'parked',
  'skipped',
  'failed',
  'retrying',
] as const;
export type FlowRunState = (typeof FLOW_RUN_STATES)[number];

/**
 * One row per (flow, key): the flow ledger. The runner writes it (flows/ledger.ts); the graph reads
 * it (Order.sync). `generation` counts the changes that asked for the key, so an outcome computed
 * from older inputs never hides a newer change that arrived while it ran.
 */
export interface FlowRun {
  [PrimaryKeyProp]?: ['flow', 'key'];
  [OptionalProps]?: 'attempts' | 'generation' | 'leaseUntil' | 'updatedAt';
  flow: string;
  key: string;
  state: FlowRunState;
  sourceVersion: string | null;
  targetId: string | null;
  attempts: number;
  lastError: string | null;
  nextAttemptAt: Date;
  /** A worker runs the key until then; another may take it over after (the first died). */
  leaseUntil: Date | null;
  generation: number;
  updatedAt: Date;
}

export const FlowRun = new EntitySchema<FlowRun>({
  name: 'FlowRun',
  tableName: 'flow_run',
  properties: {
    flow: { ...text(), primary: true },
    key: { ...text(), primary: true },
    state: text(),
    sourceVersion: textOrNull(),
    targetId: textOrNull(),
    attempts: { ...integer(), default: 0 },
    lastError: textOrNull(),
    nextAttemptAt: timestamp(),
    leaseUntil: timestampOrNull(),
    generation: { ...integer(), default: 0 },
    updatedAt: timestamp(),
  },
  indexes: [{ properties: ['flow', 'state', 'nextAttemptAt'] }],
});
