import type { Config } from '../../lib/config';
import { kafkaSecurity } from '../../streams/kafka/security';
import { createLogger } from '../../lib/logger';
import { exampleQuery } from '../../gateway/ide';
import { followKeyRevocations } from '../../gateway/key-revocations';
import { startGateway } from '../../gateway/server';
import { gatewaySettings } from '../../gateway/settings';
import { closeORM, initORM } from '../../store/orm';
import { connectStream } from '../../streams/connect';
import { recordAudit } from '../../streams/privacy/audit';
import { startProjection } from '../../streams/projector/runtime';
import { createSubgraphSchemas } from '../../subgraphs/index';
import { authenticatorFor, createDemoKey } from '../authenticator';
import { openCheckpoints } from '../checkpoints';
import { configuredSources, startConnectors } from '../connectors';
import { startDemoSources } from '../demo-sources';
import { startConfiguredFlows } from '../flows';
import { onShutdown } from '../shutdown';

/**
 * `plexus start`: everything in one process. By default SQLite under ./data and the in-process
 * stream; the gateway calls the four subgraphs in-process. With DEMO on, the vendor sandboxes and
 * the real connectors feed it through the same connector → stream → projector → store path as
 * production.
 */
export async function startCommand(config: Config): Promise<void> {
  const logger = createLogger('plexus', config.LOG_LEVEL);
  const db = await initORM(config.DATABASE_URL, { migrate: config.MIGRATE_ON_START });
  // Checkpoints live with what they cover; with the in-process stream that is the store, and the
  // stream is the one that tells when the projector has stored what was sent.
  const checkpoints = openCheckpoints({
    stream: connectStream({
      kafkaBrokers: config.KAFKA_BROKERS,
      clientId: config.KAFKA_CLIENT_ID,
      security: kafkaSecurity(config),
      kafkaSessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
    }),
    namespace: config.TOPIC_NAMESPACE,
    logger: logger.child({ part: 'checkpoints' }),
    store: { orm: db.orm, projectorGroupId: config.PROJECTOR_GROUP_ID },
  });
  const { stream } = checkpoints;
  const projection = await startProjection({
    stream,
    orm: db.orm,
    groupId: config.PROJECTOR_GROUP_ID,
    logger: logger.child({ part: 'projector' }),
    namespace: config.TOPIC_NAMESPACE,
    exportsDir: config.PLEXUS_EXPORTS_DIR,
  });
  // The demo's newcomer path stays one command: a key with every scope, in the banner and the IDE.
  const demoKey = config.DEMO
    ? await createDemoKey(db.orm.em, (entry) => recordAudit(db.orm, config.TOPIC_NAMESPACE, entry))
    : undefined;
  const authenticate = authenticatorFor(config, db.orm.em);
  const revocations = await followKeyRevocations({
    stream,
    namespace: config.TOPIC_NAMESPACE,
    logger: logger.child({ part: 'gateway' }),
    forget: (keyId) => authenticate.forgetKey(keyId),
  });
  const gateway = await startGateway({
    ...gatewaySettings(config, config.DEMO),
    host: config.HOST,
    port: config.GATEWAY_PORT,
    logger: logger.child({ part: 'gateway' }),
    authenticate,
    ideHeaders: demoKey ? { Authorization: `Bearer ${demoKey}` } : undefined,
    subgraphs: createSubgraphSchemas(db.orm.em, { shopCurrency: config.SHOP_CURRENCY }),
    subscriptions: { stream, namespace: config.TOPIC_NAMESPACE },
  });
  // The demo's sandboxes, or else the connectors of every vendor configured in the environment.
  const configured = configuredSources();
  const demo = config.DEMO ? await startDemoSources({ config, stream, logger }) : undefined;
  const connectors =
    !demo && configured.length
      ? await startConnectors({
          config,
          stream,
          logger,
          sources: configured,
          checkpoints: checkpoints.forSource,
        })
      : undefined;
  // The flows write back to the vendors: from the demo's sandboxes, or the configured vendors.
  const flows = await startConfiguredFlows({
    config,
    stream,
    orm: db.orm,
    logger,
    // The demo's seeded history stays out of the books: its new orders travel there in seconds.
    ...(demo ? { vendors: demo.vendors, booksSince: new Date() } : {}),
  });
  const feeding = demo
    ? ', demo sources'
    : connectors
      ? `, connectors: ${configured.join(', ')}`
      : '';

  console.log(
    [
      '',
      `Plexus is running (${stream.kind === 'kafka' ? 'Kafka' : 'in-process stream'}, ${config.DATABASE_URL.split(':')[0]} store${feeding}).`,
      `  GraphQL:    ${gateway.url}`,
      `  IDE:        ${gateway.ideUrl}`,
      ...Object.entries(demo?.urls ?? {}).map(([name, url]) => `  ${`${name}:`.padEnd(12)}${url}`),
      `  Flows:      ${flows.names.join(', ') || 'none (no vendor to write to)'}; plexus flows list --state failed`,
      demoKey
        ? `  API key:    ${demoKey} (demo: every scope, replaced at each start)`
        : '  API keys:   plexus keys create --name <name> --scopes <scope,...>',
      '',
      'Try:',
      `  curl -s ${gateway.url} -H 'content-type: application/json' \\`,
      `    -H 'authorization: Bearer ${demoKey ?? '<API key>'}' \\`,
      `    -d '{"query":"{ customers(first: 2) { nodes { email orders(first: 1) { nodes { name totalPrice { amount currencyCode } } } crm { lifecycleStage } } } }"}'`,
      '',
      'or paste this into the IDE:',
      exampleQuery,
    ].join('\n'),
  );
  onShutdown(
    logger,
    async () => {
      // Each part's stop is timed: when the deadline passes, the log says which part held it.
      const stop = async (part: string, work: () => Promise<void>) => {
        const started = performance.now();
        await work();
        logger.info({ part, ms: Math.round(performance.now() - started) }, 'stopped');
      };
      // The flows first: their runs in flight end while the vendors they write to still answer.
      await stop('flows', () => flows.stop());
      await stop('demo', async () => demo?.stop());
      await stop('connectors', async () => connectors?.stop());
      await stop('gateway', () => gateway.stop());
      await stop('revocations', () => revocations.stop());
      await stop('projector', () => projection.stop());
      await stop('checkpoints', () => checkpoints.close());
      await stop('stream', () => stream.close());
      await stop('store', () => closeORM());
    },
    { deadlineMs: config.SHUTDOWN_TIMEOUT_SECONDS * 1000 },
  );
}
