import type { Config } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { followKeyRevocations } from '../../gateway/key-revocations';
import { startGateway } from '../../gateway/server';
import { gatewaySettings } from '../../gateway/settings';
import { closeORM, initORM } from '../../store/orm';
import { connectStream } from '../../streams/connect';
import { kafkaSecurity } from '../../streams/kafka/security';
import { authenticatorFor, requireSubgraphSecret } from '../authenticator';
import { onShutdown } from '../shutdown';

/**
 * `plexus gateway`: the federated graph over the four subgraphs' HTTP endpoints. It reads the
 * store only to check API keys, and, with KAFKA_BROKERS, the canonical topics for subscriptions.
 */
export async function gatewayCommand(config: Config): Promise<void> {
  const logger = createLogger('gateway', config.LOG_LEVEL);
  const subgraphSecret = requireSubgraphSecret(config);
  const db = await initORM(config.DATABASE_URL, { migrate: config.MIGRATE_ON_START });
  const stream = config.KAFKA_BROKERS
    ? connectStream({
        kafkaBrokers: config.KAFKA_BROKERS,
        clientId: config.KAFKA_CLIENT_ID,
        security: kafkaSecurity(config),
        kafkaSessionTimeoutMs: config.KAFKA_SESSION_TIMEOUT_MS,
      })
    : undefined;
  const authenticate = authenticatorFor(config, db.orm.em);
  // Without Kafka no revocation reaches this process: the key cache's TTL is then all there is.
  const revocations = stream
    ? await followKeyRevocations({
        stream,
        namespace: config.TOPIC_NAMESPACE,
        logger,
        forget: (keyId) => authenticate.forgetKey(keyId),
      })
    : undefined;
  const gateway = await startGateway({
    ...gatewaySettings(config, false),
    host: config.HOST,
    port: config.GATEWAY_PORT,
    logger,
    authenticate,
    subgraphSecret,
    subgraphs: {
      shopify: config.SUBGRAPH_SHOPIFY_URL,
      erp: config.SUBGRAPH_ERP_URL,
      crm: config.SUBGRAPH_CRM_URL,
      accounting: config.SUBGRAPH_ACCOUNTING_URL,
    },
    subscriptions: stream ? { stream, namespace: config.TOPIC_NAMESPACE } : undefined,
  });
  onShutdown(logger, async () => {
    await gateway.stop();
    await revocations?.stop();
    await stream?.close();
    await closeORM();
  });
}
