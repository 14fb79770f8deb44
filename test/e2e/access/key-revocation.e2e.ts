// A revoked API key stops working in a running gateway when the revocation is published, not when
// the key cache expires: `plexus keys revoke` (the real CLI, a process of its own) publishes
// `api-key.revoked` on the audit topic of the real broker, and the gateway drops the cached key.
// The cache lives an hour here, so only the published revocation can explain the 401.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createAuthenticator } from '../../../lib/auth/authenticate';
import { followKeyRevocations, type KeyRevocations } from '../../../gateway/key-revocations';
import type { RunningGateway } from '../../../gateway/server';
import { createApiKey, revokeApiKeys, verifyApiKey } from '../../../store/auth/api-keys';
import { closeORM, initORM, type Db } from '../../../store/orm';
import { KafkaStream } from '../../../streams/kafka';
import { describeWithKafka } from '../../helpers/infra';
import { kafkaBrokers, randomName, waitFor } from '../../helpers/kafka';
import { runToCompletion, startPlexus } from '../distributed/processes';
import { quiet, startGraph } from '../graph/harness';

async function status(url: string, key: string): Promise<number> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  await response.arrayBuffer();
  return response.status;
}

describeWithKafka('API key revocation reaches a running gateway through the audit topic', () => {
  const namespace = randomName('revocation');
  const dir = mkdtempSync(join(tmpdir(), 'plexus-revocation-'));
  const databaseUrl = `sqlite://${join(dir, 'store.sqlite')}`;
  let db: Db;
  let stream: KafkaStream;
  let revocations: KeyRevocations;
  let gateway: RunningGateway;

  beforeAll(async () => {
    db = await initORM(databaseUrl, { migrate: true });
    stream = new KafkaStream({ brokers: kafkaBrokers(), clientId: namespace });
    const authenticate = createAuthenticator({
      verifyApiKey: (key) => verifyApiKey(db.orm.em, key),
      keyCacheMs: 3_600_000,
    });
    revocations = await followKeyRevocations({
      stream,
      namespace,
      logger: quiet,
      forget: (keyId) => authenticate.forgetKey(keyId),
    });
    gateway = await startGraph(db, { authenticate });
  }, 120_000);

  afterAll(async () => {
    await gateway?.stop();
    await revocations?.stop();
    await stream?.close();
    await closeORM(databaseUrl);
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a cached key as soon as `plexus keys revoke` has published its revocation', async () => {
    const key = async (name: string) =>
      createApiKey(db.orm.em, name, ['customers:read']).then(({ key, info }) => ({
        key,
        id: info.id,
      }));
    const revoked = await key('revoked');
    const storeOnly = await key('revoked-in-the-store-only');
    const bystander = await key('bystander');
    for (const { key } of [revoked, storeOnly, bystander]) {
      expect(await status(gateway.url, key)).toBe(200);
    }
    // Revoked in the store with nothing published: the cache still vouches for it. It shows the
    // cache is in use, so the 401 below is the published revocation's doing.
    expect(await revokeApiKeys(db.orm.em, storeOnly.id)).toHaveLength(1);
    expect(await status(gateway.url, storeOnly.key)).toBe(200);

    const revoke = startPlexus('keys revoke', ['keys', 'revoke', revoked.id], {
      DATABASE_URL: databaseUrl,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      TOPIC_NAMESPACE: namespace,
      LOG_LEVEL: 'warn',
    });
    await runToCompletion(revoke, 120_000);
    expect(revoke.output()).toContain('revoked 1 key');

    // Published before the command returned; the gateway's consumer takes it as it comes.
    await waitFor(async () => (await status(gateway.url, revoked.key)) === 401, {
      timeoutMs: 60_000,
    });
    // Only that key left the cache.
    expect(await status(gateway.url, storeOnly.key)).toBe(200);
    expect(await status(gateway.url, bystander.key)).toBe(200);
  }, 240_000);
});
