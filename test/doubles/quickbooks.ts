import type { QboSandbox } from '../../sandbox/quickbooks';
import { MemoryCheckpointStore } from '../../connectors/common/checkpoint';
import type { RequestBudget } from '../../connectors/common/http';
import { CaptureProducer, captureStream, quietLogger } from './testkit';
import { systemClock, type Clock } from '../../connectors/common/clock';
import { createQboClient, type QboClient } from '../../connectors/quickbooks/client';
import { newContext } from '../../connectors/quickbooks/context';
import { TokenManager } from '../../connectors/quickbooks/oauth';
import type { CdcOptions } from '../../connectors/quickbooks/cdc';
import { loadQuickBooksConfig, type QuickBooksConfig } from '../../connectors/quickbooks/config';
import {
  startQuickBooksConnector,
  type QuickBooksConnector,
} from '../../connectors/quickbooks/index';
import { MemoryTokenStore, type TokenStore } from '../../connectors/quickbooks/token-store';

/** For the QuickBooks connector's tests: a connector wired to a sandbox over HTTP, publishing to a capture. */

export function sandboxConfig(sb: QboSandbox, env: Record<string, string> = {}): QuickBooksConfig {
  return loadQuickBooksConfig({
    QBO_API_URL: sb.url,
    QBO_TOKEN_URL: sb.tokenUrl,
    QBO_REALM_ID: sb.realmId,
    QBO_CLIENT_ID: sb.clientId,
    QBO_CLIENT_SECRET: sb.clientSecret,
    QBO_REFRESH_TOKEN: sb.refreshTokens.newest,
    QBO_WEBHOOK_VERIFIER_TOKEN: sb.verifierToken,
    INGRESS_PORT: '0',
    ...env,
  });
}

export interface TestConnectorOptions {
  tokens?: TokenStore;
  checkpoints?: MemoryCheckpointStore;
  clock?: Clock;
  budget?: RequestBudget;
  cdc?: CdcOptions;
}

export async function startTestConnector(sb: QboSandbox, options: TestConnectorOptions = {}) {
  const stream = captureStream();
  const checkpoints = options.checkpoints ?? new MemoryCheckpointStore();
  const connector: QuickBooksConnector = await startQuickBooksConnector({
    config: sandboxConfig(sb),
    stream,
    namespace: 'test',
    logger: quietLogger(),
    checkpoints,
    tokens: options.tokens ?? new MemoryTokenStore(),
    budget: options.budget ?? { limit: 10_000, intervalMs: 1_000 },
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.cdc ? { cdc: options.cdc } : {}),
  });
  return { connector, stream, checkpoints, events: () => stream.captured.events() };
}

/** A bare context (no connector): tests wrap the client to watch or disturb its requests. */
export function testContext(
  sb: QboSandbox,
  options: {
    wrap?: (client: QboClient) => QboClient;
    checkpoints?: MemoryCheckpointStore;
    clock?: Clock;
    producer?: CaptureProducer;
  } = {},
) {
  const config = sandboxConfig(sb);
  const logger = quietLogger();
  const clock = options.clock ?? systemClock;
  const tokens = new TokenManager({ config, store: new MemoryTokenStore(), logger, clock });
  const base = createQboClient({
    config,
    tokens,
    logger,
    budget: { limit: 10_000, intervalMs: 1_000 },
  });
  const producer = options.producer ?? new CaptureProducer();
  const ctx = newContext({
    client: options.wrap ? options.wrap(base) : base,
    producer,
    checkpoints: options.checkpoints ?? new MemoryCheckpointStore(),
    logger,
    clock,
    homeCurrency: 'USD',
    namespace: 'test',
  });
  return { ctx, producer, tokens };
}
