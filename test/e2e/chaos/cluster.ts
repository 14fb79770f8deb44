// A whole Plexus deployment of the test's own, to break on purpose: its own Kafka broker and its
// own PostgreSQL (never the shared ones), optionally behind TCP fault proxies; a Shopify sandbox in
// this process with live traffic; and Plexus as separate processes (projector, the Shopify
// connector, the shopify subgraph, the gateway), each of which can be SIGKILLed and started again.
// With `flows`, Business Central and QuickBooks sandboxes too, the ERP's connector, and the flows
// as a process of their own writing to all three.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startBusinessCentralSandbox, type BcSandbox } from '../../../sandbox/businesscentral';
import { startQuickBooksSandbox, type QboSandbox } from '../../../sandbox/quickbooks';
import { startShopifySandbox, type ShopifySandbox } from '../../../sandbox/shopify';
import { scopeNames } from '../../../lib/auth/scopes';
import { createApiKey } from '../../../store/auth/api-keys';
import { closeORM, initORM, type Db } from '../../../store/orm';
import { startFaultProxy, type FaultProxy } from '../../helpers/fault-proxy';
import { startMisbehavingVendor, type MisbehavingVendor } from '../../helpers/misbehaving-vendor';
import { startOwnKafka, type OwnKafka } from '../../helpers/own-kafka';
import { startOwnPostgres, type OwnPostgres } from '../../helpers/own-postgres';
import { freePorts } from '../../helpers/ports';
import { credentialFor, startGraph } from '../graph/harness';
import {
  startPlexus,
  stopPlexus,
  waitForHealth,
  type PlexusProcess,
} from '../distributed/processes';

const SECRET = 'chaos_webhook_secret';

/**
 * The Plexus processes a scenario may kill. Each is `plexus <args>` with a /health URL. New parts
 * (the flows, an outbox relay of its own) join by adding an entry in `processSpecs`.
 */
export type ProcessName = 'projector' | 'connect' | 'subgraph' | 'gateway' | 'flows';

export interface ClusterOptions {
  /** The broker behind a fault proxy (it advertises the proxy's port). */
  kafkaProxy?: boolean;
  /** PostgreSQL behind a fault proxy, for every Plexus process. */
  postgresProxy?: boolean;
  /** The Shopify sandbox behind a misbehaving vendor, for the connector. */
  vendorProxy?: boolean;
  /**
   * `processes` (default): the shopify subgraph and the gateway as processes of their own (so
   * they can be killed); `embedded`: a gateway with in-process subgraphs in the test process.
   * Embedded, the graph load shares the test process with the sandbox and its webhooks: on a
   * loaded machine that process fell behind (queries past 20 s, thousands of webhook sockets
   * never closed, 2 GB), and with it every check.
   */
  graph?: 'embedded' | 'processes';
  /**
   * The flows as a process (`plexus flows`), writing to a Business Central and a QuickBooks
   * sandbox and to the Shopify sandbox; the connect process follows the ERP too, whose traffic
   * ships the sales orders the flows make (shipment-to-fulfilment's input).
   */
  flows?: boolean;
  /** The seeded shop. */
  shop?: { customers: number; products: number; orders: number };
}

export interface Cluster {
  namespace: string;
  groupId: string;
  kafka: OwnKafka;
  postgres: OwnPostgres;
  kafkaProxy?: FaultProxy;
  postgresProxy?: FaultProxy;
  vendor?: MisbehavingVendor;
  sandbox: ShopifySandbox;
  /** With `flows`: the vendors the flows write to (the Shopify sandbox is the third). */
  erp?: BcSandbox;
  books?: QboSandbox;
  /** The store, opened directly (not through the proxy), for the comparisons. */
  db: Db;
  databaseUrl: string;
  gatewayUrl: string;
  apiKey: string;
  processes: Map<ProcessName, PlexusProcess>;
  /** Process starts so far, per name: a process that was not killed keeps 1. */
  starts: Map<ProcessName, number>;
  kill(name: ProcessName): Promise<void>;
  start(name: ProcessName): Promise<void>;
  /** Names of processes that exited without being killed by the scenario. */
  crashed(): string[];
  close(): Promise<void>;
}

export async function startCluster(options: ClusterOptions = {}): Promise<Cluster> {
  const cleanup: (() => Promise<unknown>)[] = [];
  const closeAll = async () => {
    for (const fn of cleanup.splice(0).reverse()) await fn().catch(() => undefined);
  };
  try {
    return await build(options, cleanup, closeAll);
  } catch (error) {
    await closeAll();
    throw error;
  }
}

async function build(
  options: ClusterOptions,
  cleanup: (() => Promise<unknown>)[],
  closeAll: () => Promise<void>,
): Promise<Cluster> {
  const namespace = `chaos${randomBytes(4).toString('hex')}`;
  const groupId = `projector-${namespace}`;
  const [
    kafkaProxyPort,
    projectorPort,
    connectPort,
    ingressPort,
    subgraphPort,
    gatewayPort,
    flowsPort,
  ] = await freePorts(7);

  const postgres = await startOwnPostgres();
  cleanup.push(() => postgres.destroy());
  const directUrl = await postgres.createDatabase('plexus');
  let postgresProxy: FaultProxy | undefined;
  if (options.postgresProxy) {
    postgresProxy = await startFaultProxy({ target: { port: postgres.port } });
    cleanup.push(() => postgresProxy?.close() ?? Promise.resolve());
  }
  const databaseUrl = postgresProxy
    ? `postgres://postgres@127.0.0.1:${postgresProxy.port}/plexus`
    : directUrl;

  let kafkaProxy: FaultProxy | undefined;
  const kafka = await startOwnKafka(
    options.kafkaProxy ? { advertisedPort: kafkaProxyPort } : {},
    async (brokerPort) => {
      // Up before the broker, which checks its readiness through the address it advertises.
      kafkaProxy = await startFaultProxy({ target: { port: brokerPort }, port: kafkaProxyPort });
      cleanup.push(() => kafkaProxy?.close() ?? Promise.resolve());
    },
  );
  cleanup.push(() => kafka.destroy());

  const db = await initORM(directUrl, { migrate: true });
  cleanup.push(() => closeORM(directUrl));
  let apiKey = (await createApiKey(db.orm.em, 'chaos', scopeNames)).key;

  const shop = options.shop ?? { customers: 40, products: 12, orders: 120 };
  const sandbox = await startShopifySandbox({
    port: 0,
    ...shop,
    webhookSecret: SECRET,
    restoreRate: 2_000,
    traffic: { ratePerSecond: 0 },
  });
  cleanup.push(() => sandbox.close());
  let vendor: MisbehavingVendor | undefined;
  if (options.vendorProxy) {
    vendor = await startMisbehavingVendor({ upstream: sandbox.url });
    cleanup.push(() => vendor?.close() ?? Promise.resolve());
  }

  const flowVendors = options.flows ? await startFlowVendors(sandbox, cleanup) : undefined;

  const subgraphUrl = `http://127.0.0.1:${subgraphPort}/graphql`;
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    KAFKA_BROKERS: `127.0.0.1:${options.kafkaProxy ? kafkaProxyPort : kafka.port}`,
    KAFKA_CLIENT_ID: `plexus-${namespace}`,
    // The broker's minimum: a killed projector's partitions come back within seconds.
    KAFKA_SESSION_TIMEOUT_MS: '6000',
    TOPIC_NAMESPACE: namespace,
    PROJECTOR_GROUP_ID: groupId,
    PROJECTOR_PORT: String(projectorPort),
    CONNECT_PORT: String(connectPort),
    INGRESS_PORT: String(ingressPort),
    GATEWAY_PORT: String(gatewayPort),
    SUBGRAPH_SHOPIFY_PORT: String(subgraphPort),
    SUBGRAPH_SHOPIFY_URL: subgraphUrl,
    HOST: '127.0.0.1',
    LOG_LEVEL: process.env.CHAOS_LOG_LEVEL ?? 'warn',
    MIGRATE_ON_START: 'false',
    PLEXUS_COST_RESTORE_RATE: '100000',
    PLEXUS_SUBGRAPH_SECRET: randomBytes(32).toString('hex'),
    SHUTDOWN_TIMEOUT_SECONDS: '10',
    SHOPIFY_SHOP: sandbox.shopDomain,
    SHOPIFY_ACCESS_TOKEN: sandbox.accessToken,
    SHOPIFY_WEBHOOK_SECRET: SECRET,
    SHOPIFY_API_VERSION: sandbox.apiVersion,
    SHOPIFY_API_URL: vendor?.url ?? sandbox.url,
    SHOPIFY_WEBHOOK_ADDRESS: `http://127.0.0.1:${ingressPort}`,
    FLOWS_PORT: String(flowsPort),
    ...flowVendors?.env,
  };
  const specs: Record<ProcessName, { args: string[]; health: string }> = {
    projector: { args: ['projector'], health: `http://127.0.0.1:${projectorPort}/health` },
    connect: {
      args: ['connect', 'shopify', ...(flowVendors ? ['erp'] : [])],
      health: `http://127.0.0.1:${connectPort}/health`,
    },
    subgraph: { args: ['subgraph', 'shopify'], health: `http://127.0.0.1:${subgraphPort}/health` },
    gateway: { args: ['gateway'], health: `http://127.0.0.1:${gatewayPort}/health` },
    flows: { args: ['flows'], health: `http://127.0.0.1:${flowsPort}/health` },
  };

  const processes = new Map<ProcessName, PlexusProcess>();
  const starts = new Map<ProcessName, number>();
  const killed = new Set<PlexusProcess>();
  const start = async (name: ProcessName) => {
    const spec = specs[name];
    const proc = startPlexus(name, spec.args, env);
    processes.set(name, proc);
    starts.set(name, (starts.get(name) ?? 0) + 1);
    // Generous: a loaded two-core machine takes tens of seconds to start a node process.
    await waitForHealth(proc, spec.health, 300_000);
  };
  cleanup.push(() => Promise.all([...processes.values()].map((proc) => stopPlexus(proc, 10_000))));
  let gatewayUrl = `http://127.0.0.1:${gatewayPort}/graphql`;
  const flowsProcess: ProcessName[] = flowVendors ? ['flows'] : [];
  if ((options.graph ?? 'processes') === 'processes') {
    await Promise.all(
      (['projector', 'subgraph', 'gateway', 'connect', ...flowsProcess] as const).map((name) =>
        start(name),
      ),
    );
  } else {
    // Through the proxy, if any: the graph sees the database faults the processes see.
    const graphDb = await initORM(databaseUrl);
    if (databaseUrl !== directUrl) cleanup.push(() => closeORM(databaseUrl));
    const gateway = await startGraph(graphDb);
    cleanup.push(() => gateway.stop());
    gatewayUrl = gateway.url;
    apiKey = credentialFor();
    await Promise.all([start('projector'), start('connect'), ...flowsProcess.map(start)]);
  }

  return {
    namespace,
    groupId,
    kafka,
    postgres,
    kafkaProxy,
    postgresProxy,
    vendor,
    sandbox,
    ...(flowVendors ? { erp: flowVendors.erp, books: flowVendors.books } : {}),
    db,
    databaseUrl: directUrl,
    gatewayUrl,
    apiKey,
    processes,
    starts,
    start,
    async kill(name) {
      const proc = processes.get(name);
      if (!proc) return;
      killed.add(proc);
      proc.child.kill('SIGKILL');
      await proc.exited();
    },
    crashed: () =>
      [...processes.values()]
        .filter((p) => !killed.has(p) && (p.child.exitCode !== null || p.child.signalCode !== null))
        .map((p) => `${p.name} exited (${p.child.exitCode ?? p.child.signalCode}):\n${p.output()}`),
    close: closeAll,
  };
}

/**
 * The ERP and the books the flows write to, stocked as the demo stocks them (cli/demo-sources.ts):
 * the shop's variants as items by SKU, its locations as the ERP's warehouses. What `plexus flows`
 * and `plexus connect erp` need to reach them, as environment.
 */
async function startFlowVendors(
  shop: ShopifySandbox,
  cleanup: (() => Promise<unknown>)[],
): Promise<{ erp: BcSandbox; books: QboSandbox; env: Record<string, string> }> {
  const { store } = shop;
  const catalog = [...store.variants.values()].map((v) => ({
    sku: v.sku,
    name: `${store.products.get(v.productId)?.title ?? 'Product'} - ${v.title}`,
    price: Number(v.price),
  }));
  const erp = await startBusinessCentralSandbox({
    port: 0,
    clientSecret: randomBytes(16).toString('hex'),
    catalog,
    warehouses: [...store.locations.values()].map((l) => l.name),
    customers: 10,
    // Ships open sales orders (the flows' among them) while the scenario's traffic runs.
    traffic: { ratePerSecond: 0 },
  });
  cleanup.push(() => erp.close());
  const refreshToken = `AB11-${randomBytes(16).toString('hex')}`;
  const books = await startQuickBooksSandbox({
    port: 0,
    clientSecret: randomBytes(16).toString('hex'),
    refreshToken,
    customers: 5,
    items: 2,
    invoices: 5,
    rateLimit: { requests: 100_000, windowSeconds: 60 },
    catalog,
  });
  cleanup.push(() => books.close());
  // The rotated refresh token outlives a killed flows process here, as it would on a server.
  const tokenDir = mkdtempSync(join(tmpdir(), 'plexus-chaos-qbo-'));
  cleanup.push(async () => rmSync(tokenDir, { recursive: true, force: true }));
  const env: Record<string, string> = {
    BC_API_URL: erp.url,
    BC_TOKEN_URL: erp.tokenUrl,
    BC_TENANT_ID: erp.tenantId,
    BC_COMPANY_ID: erp.companyId,
    BC_CLIENT_ID: erp.clientId,
    BC_CLIENT_SECRET: erp.clientSecret,
    BC_WEBHOOK_CLIENT_STATE: randomBytes(16).toString('hex'),
    BC_POLL_INTERVAL_SECONDS: '15',
    QBO_API_URL: books.url,
    QBO_TOKEN_URL: books.tokenUrl,
    QBO_REALM_ID: books.realmId,
    QBO_CLIENT_ID: books.clientId,
    QBO_CLIENT_SECRET: books.clientSecret,
    QBO_REFRESH_TOKEN: refreshToken,
    QBO_WEBHOOK_VERIFIER_TOKEN: books.verifierToken,
    QBO_TOKEN_FILE: join(tokenDir, 'token.json'),
  };
  return { erp, books, env };
}
