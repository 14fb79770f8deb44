import {
  Type,
  type SchemaOptions,
  type TObject,
  type TProperties,
  type TSchema,
  type TString,
  type TUnsafe,
} from '@sinclair/typebox';

/**
 * Building blocks shared by every payload schema, so that money, timestamps and nullable fields
 * look the same on every topic (and so docs/topics.md can recognise them).
 */

/** Money travels as a decimal string: floats would lose cents between systems. */
export const MONEY_PATTERN = '^-?\\d+(\\.\\d{1,4})?$';

export const Money = (options: SchemaOptions = {}): TString =>
  Type.String({ pattern: MONEY_PATTERN, ...options });

export const DateTime = (options: SchemaOptions = {}): TString =>
  Type.String({ format: 'date-time', ...options });

/** The source's last-modified instant; the event `version` is this instant in epoch milliseconds. */
export const ChangedAt = (): TString =>
  DateTime({ description: 'Last change in the source; the event version is this in epoch ms.' });

/** A calendar date (`YYYY-MM-DD`), as ERP and accounting systems book documents. */
export const CalendarDate = (options: SchemaOptions = {}): TString =>
  Type.String({ format: 'date', ...options });

/** Source ids are opaque strings, even where the vendor uses numbers. */
export const Id = (options: SchemaOptions = {}): TString =>
  Type.String({ minLength: 1, ...options });

/** Optional and nullable: sources either omit an empty field or send `null`. */
export const Maybe = <T extends TSchema>(schema: T, options: SchemaOptions = {}) =>
  Type.Optional(Type.Union([schema, Type.Null()], options));

/**
 * A closed set of strings as a plain JSON Schema `enum`: ajv reports it in one line, where a
 * union of literals would produce one error per branch.
 */
export const StringEnum = <const T extends readonly string[]>(
  values: T,
  options: SchemaOptions = {},
): TUnsafe<T[number]> => Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...options });

export const schemaId = (name: string): string => `urn:plexus:schema:${name}`;

/** A sub-object of a payload (an order line, an address). Sources may add fields. */
export const Part = <P extends TProperties>(
  name: string,
  description: string,
  properties: P,
): TObject<P> =>
  Type.Object(properties, {
    $id: schemaId(`${name}.v1`),
    title: name,
    description,
    additionalProperties: true,
  });

/** A topic payload: `<source>.<entity>.v1`. Sources may add fields; the listed ones are checked. */
export const Payload = <P extends TProperties>(
  source: string,
  entity: string,
  description: string,
  properties: P,
): TObject<P> =>
  Type.Object(properties, {
    $id: schemaId(`${source}.${entity}.v1`),
    title: `${source}.${entity}`,
    description,
    additionalProperties: true,
  });
