import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configSchema, loadConfig } from './config';
import { ConfigError } from './errors';

describe('loadConfig', () => {
  it('defaults to the embedded mode on loopback', () => {
    const config = loadConfig({});
    expect(config.HOST).toBe('127.0.0.1');
    expect(config.DATABASE_URL).toMatch(/^sqlite:/);
    expect(config.KAFKA_BROKERS).toBeUndefined();
    expect(config.GATEWAY_PORT).toBe(4000);
  });

  it('names every bad key at once', () => {
    let error: unknown;
    try {
      loadConfig({ GATEWAY_PORT: 'http', DATABASE_URL: 'mysql://x', KAFKA_BROKERS: 'nope' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('GATEWAY_PORT');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('KAFKA_BROKERS');
  });

  it('reads NAME_FILE for secrets kept in files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'plexus-config-'));
    const file = join(dir, 'db');
    writeFileSync(file, 'postgres://u@127.0.0.1:5432/x\n');
    expect(loadConfig({ DATABASE_URL_FILE: file }).DATABASE_URL).toBe(
      'postgres://u@127.0.0.1:5432/x',
    );
  });
});

describe('configuration documentation', () => {
  const root = new URL('../', import.meta.url);
  const documented = (file: string) => readFileSync(new URL(file, root), 'utf8');

  it.each(['README.md', '.env.example'])('%s names every setting', (file) => {
    const text = documented(file);
    const missing = Object.keys(configSchema.shape).filter((key) => !text.includes(key));
    expect(missing).toEqual([]);
  });
});
