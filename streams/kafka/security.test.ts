// The mapping of KAFKA_SSL* / KAFKA_SASL_* to kafkajs options (a unit test: no broker here has a
// TLS or SASL listener).
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../lib/config';
import { kafkaSecurity } from './security';

const files: Record<string, string> = { '/ca.pem': 'CA', '/cert.pem': 'CERT', '/key.pem': 'KEY' };
const read = (path: string) => {
  const content = files[path];
  if (content === undefined) throw new Error('ENOENT');
  return content;
};
const map = (env: Record<string, string>) => kafkaSecurity(loadConfig(env), read);

describe('kafkaSecurity', () => {
  it('adds nothing by default', () => {
    expect(map({})).toEqual({});
  });

  it('turns TLS on with the system CAs, or with given files', () => {
    expect(map({ KAFKA_SSL: 'true' })).toEqual({ ssl: true });
    expect(
      map({
        KAFKA_SSL: 'true',
        KAFKA_SSL_CA_FILE: '/ca.pem',
        KAFKA_SSL_CERT_FILE: '/cert.pem',
        KAFKA_SSL_KEY_FILE: '/key.pem',
      }),
    ).toEqual({ ssl: { rejectUnauthorized: true, ca: 'CA', cert: 'CERT', key: 'KEY' } });
  });

  it('maps SASL PLAIN and SCRAM, with the password from the environment', () => {
    for (const mechanism of ['plain', 'scram-sha-256', 'scram-sha-512'] as const) {
      expect(
        map({
          KAFKA_SSL: 'true',
          KAFKA_SASL_MECHANISM: mechanism,
          KAFKA_SASL_USERNAME: 'plexus',
          KAFKA_SASL_PASSWORD: 's3cret',
        }),
      ).toEqual({ ssl: true, sasl: { mechanism, username: 'plexus', password: 's3cret' } });
    }
  });

  it('names every problem at once', () => {
    expect(() =>
      map({
        KAFKA_SSL_CA_FILE: '/missing.pem',
        KAFKA_SSL_CERT_FILE: '/cert.pem',
        KAFKA_SASL_MECHANISM: 'scram-sha-512',
      }),
    ).toThrow(
      expect.objectContaining({
        problems: [
          'KAFKA_SSL_CA_FILE: cannot read /missing.pem (ENOENT)',
          'KAFKA_SSL_*_FILE: set KAFKA_SSL=true too',
          'KAFKA_SSL_CERT_FILE and KAFKA_SSL_KEY_FILE: give both or neither',
          'KAFKA_SASL_USERNAME: required with KAFKA_SASL_MECHANISM',
          'KAFKA_SASL_PASSWORD: required with KAFKA_SASL_MECHANISM',
        ],
      }),
    );
    expect(() => map({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
  });
});
