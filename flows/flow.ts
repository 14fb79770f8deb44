import type { EntityManager } from '@mikro-orm/knex';
import type { Logger } from '../lib/logger';
import { PlexusError } from '../lib/errors';
import type { CanonicalEntity } from '../schema/events';

/**
 * The flows write back to the vendors (issue 12). A flow brings one target record in line with its
 * sources, by key; the runner (runner.ts) finds the keys on the canonical topics, keeps them in the
 * ledger (ledger.ts) and calls `sync` until it has an outcome.
 */

export { FLOW_NAMES, type FlowName } from '../lib/flow-names';
import type { FlowName } from '../lib/flow-names';

/** What the ledger held for a key when its run started (undefined: never run). */
export interface PreviousRun {
  state: string;
  sourceVersion: string | null;
  targetId: string | null;
  attempts: number;
}

export interface FlowContext {
  /** A fresh fork per run, for reading the store (never for writing the ledger: the runner does). */
  em: EntityManager;
  logger: Logger;
  previous: PreviousRun | undefined;
  /** Aborted at shutdown: pass it on to vendor calls. */
  signal: AbortSignal;
}

/** One unit of work: a flow brings one target record in line with its sources, by key. */
export interface Flow {
  name: FlowName;
  /** Canonical entities whose changes may call for work (their topics are consumed). */
  triggers: CanonicalEntity[];
  /**
   * Ledger keys a changed canonical record calls for (an order id, "variantId@locationId", ...);
   * [] = none. A delete is passed as `{ id, deleted: true }`.
   */
  keysFor(entity: CanonicalEntity, record: Record<string, unknown>): string[];
  /**
   * Canonical entities whose changes may supply a mapping a parked key waits for (an ERP item, a
   * location): any change on their topics sends every parked key of the flow round again.
   */
  mappings?: CanonicalEntity[];
  /**
   * Brings the target in line for one key. Must be idempotent (run twice = one vendor record),
   * using the vendors' own keys (externalDocumentNumber, QBO requestid/DocNumber, compareQuantity).
   * Returns what the ledger records. Throws TransientError (or any retriable PlexusError) for
   * retryable failures (429, 5xx, timeouts) and RefusedError (vendor's message) for refusals that
   * need a person. Other errors are retried a few times, then recorded as failed.
   */
  sync(key: string, ctx: FlowContext): Promise<FlowOutcome>;
}

export type FlowOutcome =
  /** sourceVersion: a hash or version of the inputs used; an equal one next time means no work. */
  | { state: 'done'; targetId: string; sourceVersion: string }
  /** The target is already in line (an echo of our own write, a replay): no vendor call made. */
  | { state: 'unchanged'; sourceVersion: string }
  /** Waits for a mapping (unknown SKU, unmapped location); flows again when `mappings` change. */
  | { state: 'parked'; reason: string }
  /** Out of scope by configuration (an unpaid order, ...). */
  | { state: 'skipped'; reason: string };

/** The vendor refused the write; a person must look (the message is the vendor's). */
export class RefusedError extends PlexusError {
  constructor(
    message: string,
    readonly vendorCode?: string,
    cause?: unknown,
  ) {
    super(message, { code: 'FLOW_REFUSED', retriable: false, cause });
  }
}

export { TransientError } from '../lib/errors';
