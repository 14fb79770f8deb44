import { startDemoSources, type DemoSources } from '../../cli/demo-sources';
import { loadConfig } from '../../lib/config';
import { createLogger } from '../../lib/logger';
import { groupIdOf, waitForCatchUp, type KafkaProjection } from './projection';

/**
 * The four vendor sandboxes over real HTTP and their real connectors (the wiring `plexus demo`
 * runs), publishing into the projection's namespace; resolves once the projector has applied
 * everything they seeded, so the same people are in the store from all four systems.
 */
export async function startFourSystems(
  env: KafkaProjection,
  options: { seed: number; loggerName: string },
): Promise<DemoSources> {
  const config = loadConfig({
    TOPIC_NAMESPACE: env.namespace,
    INGRESS_PORT: '0',
    SANDBOX_SHOPIFY_PORT: '0',
    SANDBOX_ERP_PORT: '0',
    SANDBOX_CRM_PORT: '0',
    SANDBOX_ACCOUNTING_PORT: '0',
    DEMO_SEED: String(options.seed),
    DEMO_CHANGES_PER_SECOND: '0',
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
  });
  const sources = await startDemoSources({
    config,
    stream: env.stream,
    logger: createLogger(options.loggerName, config.LOG_LEVEL),
  });
  try {
    await sources.ready;
    await waitForCatchUp(env.namespace, groupIdOf(env.namespace), { timeoutMs: 90_000 });
  } catch (error) {
    await sources.stop();
    throw error;
  }
  return sources;
}
