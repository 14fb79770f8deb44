// `plexus start` as a newcomer runs it against a real shop: embedded (the in-process stream), DEMO
// off, the Shopify connector pointed at a sandbox this test process started, in a folder of its own.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ShopifySandbox } from '../../../sandbox/shopify';

const cli = fileURLToPath(new URL('../../../bin/plexus.js', import.meta.url));
const KEEP_LINES = 60;

export interface StartedPlexus {
  child: ChildProcess;
  /** The last lines it wrote, for failure messages and log checks. */
  output(): string;
  /** Every warning and error it logged (pino levels 40 and up), for failure messages. */
  warnings(): string[];
  exited: Promise<number | null>;
}

export function startPlexus(options: {
  cwd: string;
  databaseUrl: string;
  sandbox: ShopifySandbox;
  webhookSecret: string;
}): StartedPlexus {
  const { sandbox } = options;
  const child = spawn(process.execPath, [cli, 'start'], {
    cwd: options.cwd,
    // Only what node needs, and no KAFKA_BROKERS: the embedded mode, whatever the test run has.
    env: {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? options.cwd,
      DATABASE_URL: options.databaseUrl,
      DEMO: 'false',
      GATEWAY_PORT: '0',
      INGRESS_PORT: '0',
      LOG_LEVEL: 'warn',
      SHOPIFY_SHOP: sandbox.shopDomain,
      SHOPIFY_ACCESS_TOKEN: sandbox.accessToken,
      SHOPIFY_WEBHOOK_SECRET: options.webhookSecret,
      SHOPIFY_API_VERSION: sandbox.apiVersion,
      SHOPIFY_API_URL: sandbox.url,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const warnings: string[] = [];
  const keep = (chunk: Buffer) => {
    const added = chunk.toString().split('\n').filter(Boolean);
    lines.push(...added);
    lines.splice(0, Math.max(0, lines.length - KEEP_LINES));
    warnings.push(...added.filter((line) => /"level":(40|50|60)/.test(line)));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return { child, output: () => lines.join('\n'), warnings: () => warnings, exited };
}

/** SIGKILL: no shutdown hook runs, as in a crash or an OOM kill. */
export async function kill(plexus: StartedPlexus): Promise<void> {
  if (plexus.child.exitCode === null && plexus.child.signalCode === null) {
    plexus.child.kill('SIGKILL');
  }
  await plexus.exited;
}
