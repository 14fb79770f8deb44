import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { format, resolveConfig } from 'prettier';
import {
  CANONICAL_ENTITIES,
  CanonicalChange,
  DEFAULT_NAMESPACE,
  EventEnvelope,
  SERVICE_TOPICS,
  SOURCE_TOPICS,
  TOPIC_DEFAULTS,
  canonicalChangeExample,
  CustomerProfileMessage,
  PROFILE_TOPIC,
} from '../schema/events';

/**
 * Generates the machine-readable topic catalogue from the topic registry in schema/events: one JSON
 * Schema file per payload and for the envelopes (schema/json/), and an AsyncAPI 3.0 document of
 * every channel (docs/asyncapi.json), so a consumer in any language can validate messages and
 * generate code without Plexus. `npm run docs:topics` writes them; a test fails when they are stale.
 */

const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const SCHEMA_DIR = join(ROOT, 'schema/json');
export const ASYNCAPI_DOC = join(ROOT, 'docs/asyncapi.json');

/** TypeBox schemas are plain JSON Schema objects; JSON drops TypeBox's symbol-keyed markers. */
const plain = (schema: object): Record<string, unknown> => JSON.parse(JSON.stringify(schema));

/** File name of each schema, by what it describes. */
export const schemaFile = {
  envelope: 'envelope.v1.schema.json',
  canonicalChange: 'canonical-change.v1.schema.json',
  profile: 'profile.customer.v1.schema.json',
  payload: (source: string, entity: string) => `${source}.${entity}.v1.schema.json`,
  /** Plexus's own topics: `privacy.request.v1.schema.json`, `audit.v1.schema.json`, … */
  service: (name: string) => `${name}.schema.json`,
};

/** Every JSON Schema file, by file name. */
export function jsonSchemaFiles(): Map<string, Record<string, unknown>> {
  const files = new Map<string, Record<string, unknown>>([
    [schemaFile.envelope, plain(EventEnvelope)],
    [schemaFile.canonicalChange, plain(CanonicalChange)],
    [schemaFile.profile, plain(CustomerProfileMessage)],
  ]);
  for (const t of SOURCE_TOPICS) files.set(schemaFile.payload(t.source, t.entity), plain(t.schema));
  for (const t of SERVICE_TOPICS) files.set(schemaFile.service(t.name), plain(t.schema));
  return files;
}

const componentName = (source: string, entity: string): string =>
  [source, ...entity.split('-')].map((w) => w[0]?.toUpperCase() + w.slice(1)).join('');

/** A channel on `{namespace}.<rest>`, with its Kafka topic settings. */
function channel(
  rest: string,
  description: string,
  message: string,
  compacted: boolean,
): Record<string, unknown> {
  return {
    address: `{namespace}.${rest}`,
    description,
    parameters: { namespace: { $ref: '#/components/parameters/namespace' } },
    messages: { [message]: { $ref: `#/components/messages/${message}` } },
    bindings: {
      kafka: {
        partitions: TOPIC_DEFAULTS.partitions,
        topicConfiguration: { 'cleanup.policy': [compacted ? 'compact' : 'delete'] },
        bindingVersion: '0.5.0',
      },
    },
  };
}

function message(
  title: string,
  summary: string,
  payload: string,
  key: Record<string, unknown>,
  examples?: unknown[],
): Record<string, unknown> {
  return {
    name: title,
    title,
    summary,
    contentType: 'application/json',
    payload: { $ref: `#/components/schemas/${payload}` },
    bindings: { kafka: { key, bindingVersion: '0.5.0' } },
    ...(examples ? { examples: examples.map((payload) => ({ payload })) } : {}),
  };
}

export function asyncApiDocument(): Record<string, unknown> {
  const channels: Record<string, unknown> = {};
  const operations: Record<string, unknown> = {};
  const messages: Record<string, unknown> = {};
  const schemas: Record<string, unknown> = {
    EventEnvelope: plain(EventEnvelope),
    CanonicalChange: plain(CanonicalChange),
    CustomerProfile: plain(CustomerProfileMessage),
  };
  const sourceKey = { type: 'string', description: "The record's id in its source (`sourceId`)." };
  for (const t of SOURCE_TOPICS) {
    const name = componentName(t.source, t.entity);
    schemas[`${name}Payload`] = plain(t.schema);
    messages[`${name}Event`] = message(
      `${name}Event`,
      `A change of one record; \`payload\` is valid against ${name}Payload (${schemaFile.payload(t.source, t.entity)}).`,
      'EventEnvelope',
      sourceKey,
    );
    channels[name] = channel(`${t.source}.${t.entity}.v1`, t.description, `${name}Event`, false);
    operations[`receive${name}`] = {
      action: 'receive',
      channel: { $ref: `#/channels/${name}` },
      summary: 'The projector applies it to the canonical store.',
    };
  }
  const canonicalKey = { type: 'string', format: 'uuid', description: 'The canonical id.' };
  for (const c of CANONICAL_ENTITIES) {
    const name = `Canonical${componentName('', c.entity)}`;
    messages[`${name}Change`] = message(
      `${name}Change`,
      `A change of one canonical ${c.entity}; the key is ${c.key}.`,
      'CanonicalChange',
      canonicalKey,
      c.entity === canonicalChangeExample.entity ? [canonicalChangeExample] : undefined,
    );
    channels[name] = channel(`canonical.${c.entity}.v1`, c.description, `${name}Change`, true);
    operations[`send${name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${name}` },
      summary:
        'The outbox relay publishes every committed change of the store; the topic is compacted, ' +
        'so a new consumer rebuilds the current state from offset 0.',
    };
  }
  for (const t of SERVICE_TOPICS) {
    const name = componentName('', t.name.replace(/\.v1$/, '').replace(/\./g, '-'));
    const title = String(t.schema.title);
    schemas[title] = plain(t.schema);
    messages[title] = message(
      title,
      `${t.description} The key is the ${t.key}.`,
      title,
      { type: 'string', description: `The ${t.key}.` },
      [t.example],
    );
    channels[name] = channel(t.name, t.description, title, t.compacted);
    operations[`send${name}`] = {
      action: 'send',
      channel: { $ref: `#/channels/${name}` },
      summary: 'Published by Plexus through the outbox (the privacy request by the ingress).',
    };
  }
  messages.CustomerProfile = message(
    'CustomerProfile',
    'The marketing profile of one person; a null value (tombstone) when the person is gone.',
    'CustomerProfile',
    { ...canonicalKey, description: 'The canonical customer id.' },
  );
  channels.ProfileCustomer = channel(
    'profile.customer.v1',
    PROFILE_TOPIC.description,
    'CustomerProfile',
    true,
  );
  operations.sendProfileCustomer = {
    action: 'send',
    channel: { $ref: '#/channels/ProfileCustomer' },
    summary:
      'The outbox relay publishes each profile the projector recomputed; the topic is ' +
      'compacted, so a marketing tool replaying it from offset 0 ends with the current profiles.',
  };
  return {
    asyncapi: '3.0.0',
    info: {
      title: 'Plexus change streams',
      version: '1.0.0',
      description:
        'Source topics carry every change captured from Shopify, Business Central, HubSpot and ' +
        'QuickBooks Online; canonical topics carry every change of the canonical store. Keys keep ' +
        "each record's changes in order on one partition; a consumer keeps the highest `version` " +
        'per key. Messages a consumer cannot decode or apply go to `<topic>.dlq`. See docs/topics.md.',
    },
    defaultContentType: 'application/json',
    servers: {
      local: {
        host: '127.0.0.1:9092',
        protocol: 'kafka',
        description: 'The broker of `npm run kafka:up` and docker-compose.yml (KAFKA_BROKERS).',
      },
    },
    channels,
    operations,
    components: {
      parameters: {
        namespace: {
          default: DEFAULT_NAMESPACE,
          description: 'TOPIC_NAMESPACE: the first word of every topic name.',
        },
      },
      schemas,
      messages,
    },
  };
}

async function formatted(path: string, value: unknown): Promise<string> {
  const options = await resolveConfig(path);
  return format(JSON.stringify(value), { ...options, parser: 'json' });
}

/** Every generated file with its content, by path. */
export async function renderCatalogue(): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (const [name, schema] of jsonSchemaFiles()) {
    const path = join(SCHEMA_DIR, name);
    out.set(path, await formatted(path, schema));
  }
  out.set(ASYNCAPI_DOC, await formatted(ASYNCAPI_DOC, asyncApiDocument()));
  return out;
}

async function main(): Promise<void> {
  await mkdir(SCHEMA_DIR, { recursive: true });
  const files = await renderCatalogue();
  for (const name of await readdir(SCHEMA_DIR)) {
    if (!files.has(join(SCHEMA_DIR, name))) await rm(join(SCHEMA_DIR, name));
  }
  let written = 0;
  for (const [path, content] of files) {
    if ((await readFile(path, 'utf8').catch(() => '')) === content) continue;
    await writeFile(path, content);
    written += 1;
  }
  console.log(`topic catalogue: ${written} of ${files.size} files written`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
