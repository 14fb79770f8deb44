import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from 'node:tls';
import type { SASLOptions } from 'kafkajs';
import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';

/** What kafkajs needs to reach brokers over TLS and/or with SASL (PLAIN or SCRAM). */
export interface KafkaSecurity {
  ssl?: ConnectionOptions | boolean;
  sasl?: SASLOptions;
}

type SecurityConfig = Pick<
  Config,
  | 'KAFKA_SSL'
  | 'KAFKA_SSL_CA_FILE'
  | 'KAFKA_SSL_CERT_FILE'
  | 'KAFKA_SSL_KEY_FILE'
  | 'KAFKA_SSL_REJECT_UNAUTHORIZED'
  | 'KAFKA_SASL_MECHANISM'
  | 'KAFKA_SASL_USERNAME'
  | 'KAFKA_SASL_PASSWORD'
>;

/**
 * Maps the KAFKA_SSL* and KAFKA_SASL_* settings to kafkajs options, naming every problem at once.
 * Certificate files are read here, so a wrong path fails at start, not at the first connection.
 * SASL without TLS is allowed (a private network's SASL_PLAINTEXT listener) but PLAIN then sends
 * the password in the clear, as Kafka itself would.
 */
export function kafkaSecurity(
  config: SecurityConfig,
  read: (path: string) => string = (path) => readFileSync(path, 'utf8'),
): KafkaSecurity {
  const problems: string[] = [];
  const file = (key: keyof SecurityConfig, path: string | undefined) => {
    if (!path) return undefined;
    try {
      return read(path);
    } catch (error) {
      problems.push(`${key}: cannot read ${path} (${(error as Error).message})`);
      return undefined;
    }
  };
  const tlsFiles = {
    ca: file('KAFKA_SSL_CA_FILE', config.KAFKA_SSL_CA_FILE),
    cert: file('KAFKA_SSL_CERT_FILE', config.KAFKA_SSL_CERT_FILE),
    key: file('KAFKA_SSL_KEY_FILE', config.KAFKA_SSL_KEY_FILE),
  };
  const anyFile = Object.values(tlsFiles).some((v) => v !== undefined);
  if (anyFile && !config.KAFKA_SSL) problems.push('KAFKA_SSL_*_FILE: set KAFKA_SSL=true too');
  if (Boolean(tlsFiles.cert) !== Boolean(tlsFiles.key)) {
    problems.push('KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: give both or neither');
  }
  let sasl: SASLOptions | undefined;
  const { KAFKA_SASL_MECHANISM: mechanism, KAFKA_SASL_USERNAME: username } = config;
  const password = config.KAFKA_SASL_PASSWORD;
  if (mechanism) {
    if (!username) problems.push('KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM');
    if (!password) problems.push('KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM');
    if (username && password) sasl = { mechanism, username, password };
  } else if (username || password) {
    problems.push('KAFKA_SASL_MECHANISM: required with a SASL username or password');
  }
  if (problems.length) throw new ConfigError(problems);

  const ssl: ConnectionOptions | boolean | undefined = !config.KAFKA_SSL
    ? undefined
    : anyFile || !config.KAFKA_SSL_REJECT_UNAUTHORIZED
      ? {
          rejectUnauthorized: config.KAFKA_SSL_REJECT_UNAUTHORIZED,
          ...Object.fromEntries(Object.entries(tlsFiles).filter(([, v]) => v !== undefined)),
        }
      : true;
  return { ...(ssl !== undefined && { ssl }), ...(sasl && { sasl }) };
}
