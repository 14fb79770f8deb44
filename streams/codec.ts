import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import type { Static, TSchema } from '@sinclair/typebox';
import addFormats from 'ajv-formats';
import {
  CanonicalChange,
  CustomerProfileMessage,
  DEFAULT_NAMESPACE,
  EventEnvelope,
  findSourceTopic,
  isDate,
  isDateTime,
  sourceTopic,
  type ChangeEvent,
  type Op,
  type Source,
  type SourceEntity,
  type SourcePayloads,
  type SourceTopic,
} from '../schema/events';
import { ValidationError, errorMessage } from '../lib/errors';
import type { OutgoingMessage } from './stream';

/**
 * The only way events enter and leave a stream: everything produced is checked against its topic's
 * schema (a failure is a bug, so it throws), everything consumed is checked again (a failure is
 * bad input, so it returns a reason for the dead-letter topic). Validators are compiled once.
 */

const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });
addFormats(ajv, ['uuid']);
ajv.addFormat('date-time', { type: 'string', validate: isDateTime });
ajv.addFormat('date', { type: 'string', validate: isDate });

const checkEnvelope = ajv.compile<EventEnvelope>(EventEnvelope);
const checkCanonical = ajv.compile<CanonicalChange>(CanonicalChange);

interface TopicCodec {
  topic: SourceTopic;
  checkPayload: ValidateFunction;
}

// Keyed by topic name as consumed, whatever its namespace; only known topics are cached.
const codecs = new Map<string, TopicCodec>();
const compiled = new Map<SourceTopic, TopicCodec>();

/** Compiled on first use of each topic, so a command that touches one topic pays for one. */
function codecFor(topicName: string): TopicCodec | undefined {
  const cached = codecs.get(topicName);
  if (cached) return cached;
  const topic = findSourceTopic(topicName);
  if (!topic) return undefined;
  let codec = compiled.get(topic);
  if (!codec) {
    codec = { topic, checkPayload: ajv.compile(topic.schema) };
    compiled.set(topic, codec);
  }
  codecs.set(topicName, codec);
  return codec;
}

/** A message as the codec makes it: never a tombstone. */
export type EncodedMessage = OutgoingMessage & { value: string };

export const HEADER_EVENT_ID = 'x-plexus-event-id';
export const HEADER_TRACE_ID = 'x-plexus-trace-id';

export type DecodeResult = { ok: true; event: ChangeEvent } | { ok: false; reason: string };
export type CanonicalDecodeResult =
  { ok: true; change: CanonicalChange } | { ok: false; reason: string };

interface Problem {
  message: string;
  details: string[];
}

function ajvDetails(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((e) => {
    const extra = e.keyword === 'additionalProperties' ? ` '${e.params.additionalProperty}'` : '';
    return `${e.instancePath || '/'} ${e.message ?? e.keyword}${extra}`;
  });
}

const problem = (message: string, details: string[] = []): Problem => ({ message, details });
const reasonOf = (p: Problem): string =>
  p.details.length ? `${p.message}: ${p.details.join('; ')}` : p.message;

/**
 * Why `event` may not travel on the topic named `topicName`, or null when it may. Without a topic
 * (producing), the event's own source and entity choose the schema.
 */
function inspect(event: unknown, topicName?: string): Problem | null {
  if (!checkEnvelope(event)) return problem('envelope invalid', ajvDetails(checkEnvelope.errors));
  const { source, entity, op, payload } = event;
  const name = topicName ?? sourceTopic(source, entity);
  const codec = codecFor(name);
  if (!codec) return problem(`unknown topic ${name}`);
  if (codec.topic.source !== source || codec.topic.entity !== entity) {
    return problem(`topic ${name} cannot carry a ${source}.${entity} event`);
  }
  if (op === 'delete') {
    return payload === null ? null : problem('a delete must carry payload null');
  }
  if (payload === null) return problem('an upsert must carry a payload');
  const { checkPayload } = codec;
  if (!checkPayload(payload)) {
    return problem(`payload invalid for ${name}`, ajvDetails(checkPayload.errors));
  }
  if (payload.id !== event.sourceId) {
    return problem(
      `payload.id ${JSON.stringify(payload.id)} differs from sourceId ${event.sourceId}`,
    );
  }
  return null;
}

/** The topic an event belongs on: `<namespace>.<source>.<entity>.v1`. */
export const eventTopic = (
  event: Pick<ChangeEvent, 'source' | 'entity'>,
  namespace = DEFAULT_NAMESPACE,
): string => sourceTopic(event.source, event.entity, namespace);

/** Validates and serialises an event; the key is its `sourceId`, so a record keeps its partition. */
export function encodeEvent(event: ChangeEvent<object>): EncodedMessage {
  const found = inspect(event);
  if (found) throw new ValidationError(`cannot produce event: ${found.message}`, found.details);
  const headers: Record<string, string> = { [HEADER_EVENT_ID]: event.eventId };
  if (event.traceId !== undefined) headers[HEADER_TRACE_ID] = event.traceId;
  return { key: event.sourceId, value: JSON.stringify(event), headers };
}

/** Parses and validates a consumed message value. Never throws: bad input gets a reason. */
export function decodeEvent(topic: string, raw: string | null): DecodeResult {
  if (!codecFor(topic)) return { ok: false, reason: `unknown topic ${topic}` };
  if (raw === null) return { ok: false, reason: 'message has no value' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${errorMessage(error)}` };
  }
  const found = inspect(value, topic);
  if (found) return { ok: false, reason: reasonOf(found) };
  return { ok: true, event: value as ChangeEvent };
}

interface EventInput<P> {
  op: Op;
  sourceId: string;
  version: number;
  occurredAt: string;
  payload: P | null;
  traceId?: string;
}

/** A new event with a fresh `eventId`. Typed by topic when source and entity are literals. */
export function createEvent<S extends Source, E extends SourceEntity<S>>(
  input: EventInput<SourcePayloads[S][E]> & { source: S; entity: E },
): ChangeEvent<SourcePayloads[S][E]>;
export function createEvent(
  input: EventInput<Record<string, unknown>> & { source: Source; entity: string },
): ChangeEvent;
export function createEvent(
  input: EventInput<object> & { source: Source; entity: string },
): ChangeEvent<object> {
  const { source, entity, op, sourceId, version, occurredAt, payload, traceId } = input;
  const event: ChangeEvent<object> = {
    eventId: crypto.randomUUID(),
    source,
    entity,
    op,
    sourceId,
    version,
    occurredAt,
    payload,
  };
  if (traceId !== undefined) event.traceId = traceId;
  return event;
}

function inspectCanonical(change: unknown): Problem | null {
  if (!checkCanonical(change)) {
    return problem('canonical change invalid', ajvDetails(checkCanonical.errors));
  }
  if ((change.op === 'delete') !== (change.data === null)) {
    return problem(
      `a canonical ${change.op} must carry ${change.op === 'delete' ? 'data null' : 'data'}`,
    );
  }
  return null;
}

/** Validates and serialises a canonical change; the key is the canonical id. */
export function encodeCanonical(change: CanonicalChange): EncodedMessage {
  const found = inspectCanonical(change);
  if (found)
    throw new ValidationError(`cannot produce canonical change: ${found.message}`, found.details);
  return { key: change.id, value: JSON.stringify(change) };
}

const checkProfile = ajv.compile<CustomerProfileMessage>(CustomerProfileMessage);

/** Validates and serialises a profile; the key is the customer id. `null` makes a tombstone. */
export function encodeProfile(id: string, profile: CustomerProfileMessage | null): OutgoingMessage {
  if (profile === null) return { key: id, value: null };
  if (!checkProfile(profile) || profile.id !== id) {
    throw new ValidationError('cannot produce profile', ajvDetails(checkProfile.errors));
  }
  return { key: id, value: JSON.stringify(profile) };
}

export type ProfileDecodeResult =
  { ok: true; profile: CustomerProfileMessage | null } | { ok: false; reason: string };

/** Parses and validates a message of the profile topic; a tombstone is `profile: null`. */
export function decodeProfile(raw: string | null): ProfileDecodeResult {
  if (raw === null) return { ok: true, profile: null };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${errorMessage(error)}` };
  }
  if (!checkProfile(value)) {
    return {
      ok: false,
      reason: reasonOf(problem('profile invalid', ajvDetails(checkProfile.errors))),
    };
  }
  return { ok: true, profile: value };
}

/** Parses and validates a message of a canonical topic. Never throws. */
export function decodeCanonical(raw: string | null): CanonicalDecodeResult {
  if (raw === null) return { ok: false, reason: 'message has no value' };
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${errorMessage(error)}` };
  }
  const found = inspectCanonical(value);
  if (found) return { ok: false, reason: reasonOf(found) };
  return { ok: true, change: value as CanonicalChange };
}

// Plexus's own topics (schema/events/privacy.ts), compiled on first use.
const serviceCheckers = new Map<TSchema, ValidateFunction>();
const checkerOf = (schema: TSchema): ValidateFunction => {
  let check = serviceCheckers.get(schema);
  if (!check) serviceCheckers.set(schema, (check = ajv.compile(schema)));
  return check;
};

/** Validates and serialises a message of one of Plexus's own topics (a failure is a bug). */
export function encodeServiceMessage<S extends TSchema>(
  schema: S,
  key: string,
  value: Static<S>,
): EncodedMessage {
  const check = checkerOf(schema);
  if (!check(value)) {
    throw new ValidationError(`cannot produce ${String(schema.title)}`, ajvDetails(check.errors));
  }
  return { key, value: JSON.stringify(value) };
}

export type ServiceDecodeResult<T> = { ok: true; value: T } | { ok: false; reason: string };

/** Parses and validates a message of one of Plexus's own topics. Never throws. */
export function decodeServiceMessage<S extends TSchema>(
  schema: S,
  raw: string,
): ServiceDecodeResult<Static<S>> {
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (error) {
    return { ok: false, reason: `invalid JSON: ${errorMessage(error)}` };
  }
  const check = checkerOf(schema);
  if (!check(value)) {
    return { ok: false, reason: reasonOf(problem('invalid', ajvDetails(check.errors))) };
  }
  return { ok: true, value: value as Static<S> };
}
