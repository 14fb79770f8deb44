// The two gateways bench:graph compares, each started over the same supergraph SDL and the same
// subgraph URLs, on 127.0.0.1 and a free port, with telemetry, usage reporting and schema fetching
// off (no network but loopback).
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startGateway } from '../gateway/server';
import { allScopesCaller } from '../lib/auth/scopes';
import { createLogger } from '../lib/logger';

/**
 * `hive` runs as shipped. Its HTTP transport merges identical in-flight subgraph requests into one,
 * which a bench that sends one query many times at once rewards; `hive-no-dedup` turns that off, so
 * that every gateway request costs the subgraphs the same as under Plexus (which has no such merge).
 */
export const gatewayKinds = ['plexus', 'hive', 'hive-no-dedup'] as const;
export type GatewayKind = (typeof gatewayKinds)[number];

export interface GatewaySetup {
  /** The supergraph, its `@join__graph` URLs already pointing at the running subgraphs. */
  supergraphSdl: string;
  subgraphs: Record<string, string>;
  /** The subgraphs' PLEXUS_SUBGRAPH_SECRET: Plexus signs its calls with it. */
  secret: string;
}

export interface BenchGateway {
  kind: GatewayKind;
  /** e.g. "Plexus (@apollo/gateway 2.14.4)", for the table */
  label: string;
  url: string;
  stop(): Promise<void>;
}

export const isGatewayKind = (value: string): value is GatewayKind =>
  (gatewayKinds as readonly string[]).includes(value);

/** Rewrites each `@join__graph(name: "<name>", url: "…")` of the supergraph to the given URL. */
export function pointSupergraphAt(sdl: string, subgraphs: Record<string, string>): string {
  let out = sdl;
  for (const [name, url] of Object.entries(subgraphs)) {
    const pattern = new RegExp(`(@join__graph\\(name: "${name}", url: )"[^"]*"`);
    if (!pattern.test(out)) throw new Error(`supergraph has no @join__graph for "${name}"`);
    out = out.replace(pattern, `$1${JSON.stringify(url)}`);
  }
  return out;
}

/** The installed version of a package, read from its package.json (which `exports` may hide). */
export function packageVersion(name: string): string {
  try {
    const entry = new URL(import.meta.resolve(name));
    for (let dir = new URL('.', entry); dir.pathname !== '/'; dir = new URL('..', dir)) {
      try {
        const manifest = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as {
          name?: string;
          version?: string;
        };
        if (manifest.name === name) return manifest.version ?? '?';
      } catch {
        // No package.json at this level: keep walking up.
      }
    }
  } catch {
    // Not resolvable: reported as unknown.
  }
  return '?';
}

export function startBenchGateway(kind: GatewayKind, setup: GatewaySetup): Promise<BenchGateway> {
  return kind === 'plexus' ? startPlexus(setup) : startHive(kind, setup);
}

async function startPlexus(setup: GatewaySetup): Promise<BenchGateway> {
  const gateway = await startGateway({
    host: '127.0.0.1',
    port: 0,
    supergraphSdl: setup.supergraphSdl,
    subgraphs: setup.subgraphs,
    subgraphSecret: setup.secret,
    // The bench measures the graph, not key checks: every request is the all-scopes caller.
    authenticate: async () => ({ ok: true, caller: allScopesCaller('bench') }),
    logger: createLogger('bench.plexus', process.env.LOG_LEVEL ?? 'error'),
  });
  return {
    kind: 'plexus',
    label: `Plexus (@apollo/gateway ${packageVersion('@apollo/gateway')})`,
    url: gateway.url,
    stop: () => gateway.stop(),
  };
}

async function startHive(
  kind: Exclude<GatewayKind, 'plexus'>,
  setup: GatewaySetup,
): Promise<BenchGateway> {
  // Loaded only when asked for, so that a Hive Gateway that cannot load on this Node fails here,
  // as a reported error, and not the whole bench at import time.
  // The runtime alone (what `@graphql-hive/gateway` re-exports and its CLI serves): the package
  // itself also loads every optional plugin (OpenTelemetry, Redis, NATS…) at import.
  const { createGatewayRuntime } = await import('@graphql-hive/gateway-runtime');
  const runtime = createGatewayRuntime({
    // A string of SDL is used as is: no CDN, no GraphOS, no polling. No `reporting` means no
    // usage reporting.
    supergraph: setup.supergraphSdl,
    logging: process.env.LOG_LEVEL === 'debug' ? 'debug' : 'error',
    landingPage: false,
    graphiql: false,
    ...(kind === 'hive-no-dedup'
      ? { transportEntries: { '*': { options: { deduplicateInflightRequests: false } } } }
      : {}),
  });
  // Under load its process may print MaxListenersExceededWarning for an AbortSignal: its fetch
  // (@whatwg-node/node-fetch) adds one listener per subgraph response being read to the signal
  // they share, and removes it when the response ends. A warning, not a failure.
  const server = createServer(runtime);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const gateway = packageVersion('@graphql-hive/gateway');
  const version = `${gateway}, runtime ${packageVersion('@graphql-hive/gateway-runtime')}`;
  return {
    kind,
    label: `Hive Gateway (${version}${kind === 'hive' ? '' : ', no dedup'})`,
    url: `http://127.0.0.1:${port}/graphql`,
    async stop() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await runtime.dispose();
    },
  };
}
