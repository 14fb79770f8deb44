// Vitest globalSetup: lets a plain `npm test` on a developer machine reach real infrastructure.
// CI sets KAFKA_BROKERS and DATABASE_URL itself (.ci/run), so nothing here runs there.
// Workers are forked after this runs and inherit process.env, so setting it here reaches them.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

export default async function setup(): Promise<void> {
  if (!process.env.KAFKA_BROKERS && hasJava()) {
    // Idempotent, and the broker is left running afterwards: the next run (or watch mode, or a
    // parallel vitest) reuses it instead of paying ~6 s startup. `npm run kafka:down` stops it.
    const script = fileURLToPath(new URL('../../scripts/kafka.sh', import.meta.url));
    const up = spawnSync('bash', [script, 'up'], { stdio: ['ignore', 'inherit', 'inherit'] });
    if (up.status === 0) {
      process.env.KAFKA_BROKERS = `127.0.0.1:${process.env.KAFKA_PORT ?? '9092'}`;
    } else {
      console.warn('[infra] scripts/kafka.sh up failed; Kafka suites will be skipped');
    }
  }
  if (!process.env.DATABASE_URL) {
    const url = 'postgres://postgres@127.0.0.1:5432/postgres'; // trust auth on this kind of machine
    if (await canConnect(url)) process.env.DATABASE_URL = url;
  }
}

function hasJava(): boolean {
  return spawnSync('java', ['-version'], { stdio: 'ignore' }).status === 0;
}

async function canConnect(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
  client.on('error', () => {}); // a refused connection must not become an unhandled error
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}
