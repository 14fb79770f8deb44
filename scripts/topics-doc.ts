import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import {
  CANONICAL_ENTITIES,
  CanonicalChange,
  EventEnvelope,
  MONEY_PATTERN,
  SERVICE_TOPICS,
  SOURCE_TOPICS,
  canonicalChangeExample,
  CustomerProfileMessage,
  dlqTopic,
  type ServiceTopic,
  PROFILE_TOPIC,
  type SourceTopic,
} from '../schema/events';

/**
 * Generates docs/topics.md from the schemas in schema/events, so the documentation cannot drift
 * from what the codec enforces. Output is deterministic and already Prettier-formatted, so
 * `prettier --check .` and the contract test agree with the committed file.
 */

export const TOPICS_DOC = fileURLToPath(new URL('../docs/topics.md', import.meta.url));

/** The JSON Schema keywords this generator reads; TypeBox schemas are plain objects with them. */
interface JsonSchema {
  type?: string | string[];
  format?: string;
  pattern?: string;
  enum?: string[];
  minimum?: number;
  description?: string;
  title?: string;
  $id?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
}

interface FieldRow {
  field: string;
  type: string;
  required: boolean;
  description: string;
}

const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The non-null branch of `T | null`, and whether null was allowed. */
function unwrapNullable(schema: JsonSchema): { inner: JsonSchema; nullable: boolean } {
  const branches = schema.anyOf;
  if (!branches) return { inner: schema, nullable: false };
  const other = branches.filter((b) => b.type !== 'null');
  const [only] = other;
  return other.length === 1 && only
    ? { inner: only, nullable: true }
    : { inner: schema, nullable: false };
}

function typeLabel(schema: JsonSchema): string {
  if (schema.enum) return schema.enum.map((v) => `\`${v}\``).join(' \\| ');
  if (Array.isArray(schema.type)) return schema.type.join(' \\| ');
  if (schema.pattern === MONEY_PATTERN) return 'money (decimal string)';
  if (schema.format) return `string (${schema.format})`;
  if (schema.type === 'array') return `${schema.items ? typeLabel(schema.items) : 'unknown'}[]`;
  if (schema.type === 'integer' && schema.minimum !== undefined)
    return `integer ≥ ${schema.minimum}`;
  return schema.type ?? 'unknown';
}

/** Flattens an object schema to rows; nested objects and arrays of objects get dotted paths. */
function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties ?? {}).flatMap(([name, property]) => {
    const { inner, nullable } = unwrapNullable(property);
    const path = `${prefix}${name}`;
    const row: FieldRow = {
      field: path,
      type: typeLabel(inner) + (nullable ? ' \\| null' : ''),
      required: required.has(name),
      description: property.description ?? inner.description ?? '',
    };
    if (inner.type === 'object' && inner.properties) {
      return [row, ...fieldRows(inner, `${path}.`)];
    }
    if (inner.type === 'array' && inner.items?.properties) {
      return [row, ...fieldRows(inner.items, `${path}[].`)];
    }
    return [row];
  });
}

function fieldsTable(schema: JsonSchema): string {
  const rows = fieldRows(schema).map(
    (r) => `| \`${r.field}\` | ${r.type} | ${r.required ? 'yes' : 'no'} | ${cell(r.description)} |`,
  );
  return ['| field | type | required | description |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

const json = (value: unknown): string => '```json\n' + JSON.stringify(value, null, 2) + '\n```';

/** GitHub's heading anchors: lower case, punctuation other than `-` dropped. */
const anchor = (heading: string): string =>
  '#' +
  heading
    .toLowerCase()
    .replace(/[^a-z0-9 -]/g, '')
    .replace(/ /g, '-');

function envelopeExample(topic: SourceTopic): unknown {
  const example = topic.example;
  return {
    eventId: '0b9c6c1e-4b7a-4f0e-9d3a-6f1e2a7c8d90',
    source: topic.source,
    entity: topic.entity,
    op: 'upsert',
    sourceId: example.id,
    version: Date.parse(String(example.updatedAt)),
    occurredAt: example.updatedAt,
    payload: example,
    traceId: 'req-7f3a9c',
  };
}

function sourceSection(topic: SourceTopic): string {
  const schema: JsonSchema = topic.schema;
  return [
    `### ${topic.topic}`,
    schema.description ?? topic.description,
    `Key: \`sourceId\` (= payload \`id\`). Schema: \`${schema.$id}\`. ` +
      `Dead letters: \`${dlqTopic(topic.topic)}\`.`,
    fieldsTable(schema),
    'Example payload:',
    json(topic.example),
  ].join('\n\n');
}

function serviceSection(topic: ServiceTopic): string {
  const schema: JsonSchema = topic.schema;
  return [
    `### ${topic.topic}`,
    schema.description ?? topic.description,
    `Key: ${topic.key}. Schema: \`${schema.$id}\`. ` +
      (topic.compacted ? 'Compacted (`cleanup.policy=compact`).' : 'Kept for the retention time.'),
    fieldsTable(schema),
    'Example:',
    json(topic.example),
  ].join('\n\n');
}

const INTRO = `# Event topics

<!-- Generated by \`npm run docs:topics\` from schema/events/. Do not edit by hand. -->

Every change of a source record travels as one message on \`plexus.<source>.<entity>.v1\`: the key
is the record's \`sourceId\`, so all changes of one record stay in order on one partition, and the
value is a JSON envelope around the record (the payload). The codec (\`streams/codec.ts\`) validates
the envelope and the payload against the schemas below when an event is produced (an invalid event
is a bug and throws) and again when it is consumed (an invalid event goes to \`<topic>.dlq\` with the
reason). Payload schemas accept extra fields, since sources add them; the envelope does not.

Conventions: money is a decimal string (\`"126.00"\`, never a float); \`string (date-time)\` is
RFC 3339 with an offset (\`2024-05-10T14:22:31.000Z\`); \`string (date)\` is a calendar day
(\`2024-05-10\`); optional fields may be missing or \`null\`. A \`delete\` carries \`payload: null\`.
The projector applies an event only if its \`version\` is higher than the last one applied for the
record. The projector publishes the canonical store's changes on \`plexus.canonical.<entity>.v1\`.`;

function topicTable(): string {
  const rows = [
    ...SOURCE_TOPICS.map(
      (t) =>
        `| [\`${t.topic}\`](${anchor(t.topic)}) | \`sourceId\` | \`${t.schema.title}\` | ${cell(t.description)} |`,
    ),
    ...CANONICAL_ENTITIES.map(
      (c) =>
        `| \`${c.topic}\` | \`${cell(c.key)}\` | [\`CanonicalChange\`](#canonical-topics) | ${cell(c.description)} |`,
    ),
    ...SERVICE_TOPICS.map(
      (t) =>
        `| [\`${t.topic}\`](${anchor(t.topic)}) | ${cell(t.key)} | \`${t.schema.title}\` | ${cell(t.description)} |`,
    ),
    `| \`${PROFILE_TOPIC.topic}\` | ${cell(PROFILE_TOPIC.key)} | [\`CustomerProfile\`](#profile-topic) | ${cell(PROFILE_TOPIC.description)} |`,
    '| `<topic>.dlq` | key of the rejected message | the rejected value, unchanged | ' +
      'Messages a consumer could not decode or apply; headers say why and where they came from. |',
  ];
  return ['| topic | key | payload | description |', '| --- | --- | --- | --- |', ...rows].join(
    '\n',
  );
}

export async function renderTopicsDoc(): Promise<string> {
  const [first] = SOURCE_TOPICS;
  const envelope: JsonSchema = EventEnvelope;
  const canonical: JsonSchema = CanonicalChange;
  const profile: JsonSchema = CustomerProfileMessage;
  const markdown = [
    INTRO,
    '## Topics',
    topicTable(),
    '## Envelope',
    envelope.description ?? '',
    fieldsTable(envelope),
    'Example (the value of a message on the first topic below):',
    first ? json(envelopeExample(first)) : '',
    '## Source topics',
    ...SOURCE_TOPICS.map(sourceSection),
    '## Canonical topics',
    `${canonical.description ?? ''} Key: the canonical id (see the table above and ` +
      '`store/ids.ts`). The shape of `data` is the canonical record as the store holds it.',
    fieldsTable(canonical),
    'Example:',
    json(canonicalChangeExample),
    '## Privacy and audit topics',
    "Plexus's own messages, not changes of records. A privacy request, once honoured, is " +
      'followed by a tombstone (a message with a null value) for its key. A redaction also ' +
      'publishes a tombstone for each erased key on the canonical topics, so consumers must ' +
      'treat a null value as "forget this key" (see README, "Privacy").',
    ...SERVICE_TOPICS.map(serviceSection),
    '## Profile topic',
    `${profile.description ?? ''} Key: ${PROFILE_TOPIC.key}. The projector publishes one message ` +
      'per person per change, through the outbox, in the transaction that changed the records ' +
      'the profile summarises; the topic is compacted, so the last message per key is the profile.',
    fieldsTable(profile),
  ].join('\n\n');
  const options = await resolveConfig(TOPICS_DOC);
  return format(markdown, { ...options, parser: 'markdown' });
}

async function main(): Promise<void> {
  const next = await renderTopicsDoc();
  const current = await readFile(TOPICS_DOC, 'utf8').catch(() => '');
  if (current === next) {
    console.log('docs/topics.md is up to date');
    return;
  }
  await writeFile(TOPICS_DOC, next);
  console.log('wrote docs/topics.md');
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
