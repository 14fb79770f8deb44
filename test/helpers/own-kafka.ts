// A Kafka broker of the test's own, for tests that kill or cut off a broker: the shared one on
// 9092 carries other suites. It runs scripts/kafka.sh on free ports with a data directory of its
// own (the script keeps one per port), so a SIGKILLed broker restarts on its own topics and offsets.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Kafka, logLevel } from 'kafkajs';
import { freePorts } from './ports';

const SCRIPT = fileURLToPath(new URL('../../scripts/kafka.sh', import.meta.url));

export interface OwnKafka {
  /** The port the broker listens on. */
  port: number;
  /** Where clients connect: the advertised address. */
  brokers: string[];
  /** A kafkajs client on this broker (quiet: the faults are on purpose). */
  kafka(clientId?: string): Kafka;
  /** SIGKILL: no controlled shutdown, the log as a crash leaves it. */
  kill(): Promise<void>;
  /** Starts it again on the data it had. */
  start(): Promise<void>;
  running(): boolean;
  /** Stops it and deletes its data. */
  destroy(): Promise<void>;
  /** With `sasl: true`: the SASL listeners and the one user they know. */
  sasl?: OwnKafkaSasl;
}

/** SASL_PLAINTEXT and SASL_SSL listeners taking PLAIN, SCRAM-SHA-256 and SCRAM-SHA-512. */
export interface OwnKafkaSasl {
  /** SASL_PLAINTEXT. */
  port: number;
  /** SASL_SSL, with a self-signed certificate for 127.0.0.1. */
  sslPort: number;
  /** The certificate to trust for sslPort (PEM). */
  caFile: string;
  username: string;
  password: string;
}

function dataDirOf(port: number): string {
  const cache = process.env.PLEXUS_CACHE_DIR ?? join(homedir(), '.cache', 'plexus');
  return join(cache, `kafka-data-${port}`);
}

interface Ports {
  port: number;
  controllerPort: number;
  advertisedPort: number;
  sasl?: Omit<OwnKafkaSasl, 'caFile'>;
}

/**
 * Runs kafka.sh without blocking this process: a fault proxy in it must forward the readiness
 * check to the broker (with spawnSync the check waited on a proxy that could not run, and failed).
 */
async function run(command: 'up' | 'down', ports: Ports, fresh = false): Promise<void> {
  const { sasl } = ports;
  const child = spawn('bash', [SCRIPT, command], {
    env: {
      ...process.env,
      KAFKA_PORT: String(ports.port),
      KAFKA_CONTROLLER_PORT: String(ports.controllerPort),
      KAFKA_ADVERTISED_PORT: String(ports.advertisedPort),
      KAFKA_FRESH: fresh ? '1' : '0',
      // Set either way: a KAFKA_SASL* of the caller's environment must not leak into this broker.
      KAFKA_SASL: sasl ? '1' : '0',
      KAFKA_SASL_PORT: String(sasl?.port ?? 0),
      KAFKA_SASL_SSL_PORT: String(sasl?.sslPort ?? 0),
      KAFKA_SASL_USERNAME: sasl?.username ?? '',
      KAFKA_SASL_PASSWORD: sasl?.password ?? '',
      // A loaded two-core machine can take minutes to start a JVM; the script's 90 s is not enough.
      KAFKA_START_TIMEOUT: process.env.KAFKA_START_TIMEOUT ?? '300',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
    timeout: 600_000,
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const status = await new Promise<number | null>((resolve, reject) => {
    child.once('error', reject);
    child.once('exit', (code) => resolve(code));
  });
  if (status !== 0) {
    throw new Error(`kafka.sh ${command} on ${ports.port} failed: ${stderr}`);
  }
}

/**
 * Starts a fresh single-node broker on free ports (broker and controller). With `advertisedPort`,
 * clients are sent there (a fault proxy to the broker's port, which `beforeStart` may start).
 * With `sasl`, it also has SASL listeners for one user with a random password (scripts/kafka.md).
 */
export async function startOwnKafka(
  options: { advertisedPort?: number; sasl?: boolean } = {},
  beforeStart?: (brokerPort: number) => Promise<void>,
): Promise<OwnKafka> {
  const [port, controllerPort, saslPort, saslSslPort] = await freePorts(options.sasl ? 4 : 2);
  if (port === undefined || controllerPort === undefined) throw new Error('no free ports');
  const sasl =
    options.sasl && saslPort !== undefined && saslSslPort !== undefined
      ? {
          port: saslPort,
          sslPort: saslSslPort,
          username: 'plexus-test',
          password: randomBytes(18).toString('base64url'),
        }
      : undefined;
  const ports = { port, controllerPort, advertisedPort: options.advertisedPort ?? port, sasl };
  const dataDir = dataDirOf(port);
  const pidFile = join(dataDir, 'kafka.pid');
  const pid = () => (existsSync(pidFile) ? Number(readFileSync(pidFile, 'utf8').trim()) : 0);
  const alive = () => {
    const p = pid();
    if (!p) return false;
    try {
      process.kill(p, 0);
      return true;
    } catch {
      return false;
    }
  };
  await beforeStart?.(port);
  try {
    await run('up', ports, true);
  } catch (error) {
    // kafka.sh stops a broker that failed to start; its data is of no use to anyone.
    rmSync(dataDirOf(port), { recursive: true, force: true });
    rmSync(join(dataDirOf(port), '..', `kafka-${port}.lock`), { force: true });
    throw error;
  }
  const brokers = [`127.0.0.1:${ports.advertisedPort}`];
  return {
    port,
    brokers,
    kafka: (clientId = `chaos-${port}`) =>
      new Kafka({
        clientId,
        brokers,
        logLevel: logLevel.NOTHING,
        // Generous: on a loaded machine a metadata answer can take longer than the default 30 s,
        // and the checks must report the cluster's state, not the test process's own queue.
        requestTimeout: 120_000,
        connectionTimeout: 30_000,
      }),
    running: alive,
    ...(sasl && { sasl: { ...sasl, caFile: join(dataDir, 'tls', 'ca.pem') } }),
    async kill() {
      const p = pid();
      if (!p || !alive()) return;
      process.kill(p, 'SIGKILL');
      while (alive()) await new Promise((resolve) => setTimeout(resolve, 100));
    },
    async start() {
      await run('up', ports);
    },
    async destroy() {
      await run('down', ports);
      rmSync(dataDir, { recursive: true, force: true });
      rmSync(`${dataDir.replace(/kafka-data-(\d+)$/, 'kafka-$1')}.lock`, { force: true });
    },
  };
}
