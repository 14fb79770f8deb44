// A PostgreSQL server of the test's own, for tests that restart or cut off a database: the shared
// one on 5432 carries other suites. initdb into a temporary directory, trust auth, listening on
// 127.0.0.1 only (its socket in the same directory), stopped and deleted at the end.
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePorts } from './ports';

export interface OwnPostgres {
  port: number;
  /** A URL for database `name` on this server (default `postgres`). */
  url(name?: string): string;
  createDatabase(name: string): Promise<string>;
  /** `pg_ctl restart -m fast`: open transactions are rolled back, every connection dropped. */
  restart(): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  destroy(): Promise<void>;
}

function binDir(): string {
  const versions = readdirSync('/usr/lib/postgresql').sort(
    (a, b) => Number.parseInt(b, 10) - Number.parseInt(a, 10),
  );
  const newest = versions[0];
  if (!newest) throw new Error('no PostgreSQL under /usr/lib/postgresql');
  return join('/usr/lib/postgresql', newest, 'bin');
}

// PostgreSQL refuses to run as root: as root, its tools run as the `postgres` account.
const asRoot = process.getuid?.() === 0;

function tool(name: string, args: string[]): void {
  const command = join(binDir(), name);
  const [file, argv] = asRoot
    ? ['runuser', ['-u', 'postgres', '--', command, ...args]]
    : [command, args];
  const result = spawnSync(file, argv, {
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 120_000,
  });
  if (result.status !== 0) {
    throw new Error(`${name} ${args.join(' ')} failed: ${result.stderr?.toString() ?? ''}`);
  }
}

export async function startOwnPostgres(): Promise<OwnPostgres> {
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port');
  const dir = mkdtempSync(join(tmpdir(), 'plexus-pg-'));
  const data = join(dir, 'data');
  if (asRoot) {
    const uid = Number(spawnSync('id', ['-u', 'postgres']).stdout.toString().trim());
    const gid = Number(spawnSync('id', ['-g', 'postgres']).stdout.toString().trim());
    chownSync(dir, uid, gid);
    chmodSync(dir, 0o700);
  }
  tool('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync']);
  const options = `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`;
  const ctl = (...args: string[]) =>
    tool('pg_ctl', ['-D', data, '-l', join(dir, 'log'), '-o', options, '-w', '-t', '60', ...args]);
  ctl('start');
  const url = (name = 'postgres') => `postgres://postgres@127.0.0.1:${port}/${name}`;
  return {
    port,
    url,
    async createDatabase(name) {
      const client = new pg.Client({ connectionString: url() });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${client.escapeIdentifier(name)}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async restart() {
      ctl('restart', '-m', 'fast');
    },
    async stop() {
      ctl('stop', '-m', 'fast');
    },
    async start() {
      ctl('start');
    },
    async destroy() {
      try {
        ctl('stop', '-m', 'immediate');
      } catch {
        // already stopped
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
