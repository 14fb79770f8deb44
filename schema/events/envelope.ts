import { Type, type Static } from '@sinclair/typebox';
import { DateTime, Id, StringEnum, schemaId } from './common';

export const SOURCES = ['shopify', 'erp', 'crm', 'accounting'] as const;
export type Source = (typeof SOURCES)[number];

export const OPS = ['upsert', 'delete'] as const;
export type Op = (typeof OPS)[number];

/**
 * The envelope every source topic carries. Strict (no extra fields): it is ours, not a vendor's,
 * so an unknown field means a producer and a consumer disagree about the contract.
 */
export const EventEnvelope = Type.Object(
  {
    eventId: Type.String({
      format: 'uuid',
      description: 'Unique per event; a redelivery keeps it, so consumers can drop duplicates.',
    }),
    source: StringEnum(SOURCES, { description: 'The system the record lives in.' }),
    entity: Type.String({
      pattern: '^[a-z][a-z0-9-]*$',
      description: 'Kind of record, e.g. `order`, `inventory-level`.',
    }),
    op: StringEnum(OPS, { description: '`delete` carries `payload: null`.' }),
    sourceId: Id({
      description: "The record's id in its source (equals `payload.id`); the message key.",
    }),
    version: Type.Integer({
      minimum: 0,
      description:
        "Rises with every change of the record: epoch milliseconds of the source's updated-at, " +
        'or a sequence. A consumer applies an event only if its version is higher than the last.',
    }),
    occurredAt: DateTime({ description: 'When the change happened in the source.' }),
    payload: Type.Unsafe<Record<string, unknown> | null>({
      type: ['object', 'null'],
      description: "The record, valid against the topic's payload schema; `null` for deletes.",
    }),
    traceId: Type.Optional(
      Type.String({ description: 'Correlates the event with the request that caused it.' }),
    ),
  },
  {
    $id: schemaId('event-envelope.v1'),
    title: 'EventEnvelope',
    description: 'A change of one source record, as carried on `plexus.<source>.<entity>.v1`.',
    additionalProperties: false,
  },
);
export type EventEnvelope = Static<typeof EventEnvelope>;

/** An envelope whose payload has the shape of its topic's schema. */
export type ChangeEvent<P extends object = Record<string, unknown>> = Omit<
  EventEnvelope,
  'payload'
> & { payload: P | null };
