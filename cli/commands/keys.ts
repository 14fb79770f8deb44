import type { Command } from 'commander';
import { parseScopes, scopeNames } from '../../lib/auth/scopes';
import { ConfigError } from '../../lib/errors';
import { createApiKey, listApiKeys, revokeApiKeys } from '../../store/auth/api-keys';
import { createLogger } from '../../lib/logger';
import { connectStream } from '../../streams/connect';
import { kafkaSecurity } from '../../streams/kafka/security';
import type { OutboxBatch } from '../../streams/outbox/relay';
import { recordAudit, sendRecordedAudit } from '../../streams/privacy/audit';
import { withConfig } from '../with-config';
import { withStore } from '../with-store';

/** `plexus keys create | list | revoke`: the API keys callers present to the gateway. */
export function registerKeysCommand(program: Command): void {
  const keys = program.command('keys').description('API keys for the gateway');
  keys
    .command('create')
    .requiredOption('--name <name>', 'who or what the key is for')
    .requiredOption('--scopes <scopes>', `comma-separated, of: ${scopeNames.join(', ')}`)
    .description('create a key; it is printed once and only its hash is stored')
    .action(
      withConfig(async (config, options: { name: string; scopes: string }) => {
        const { known, unknown } = parseScopes(options.scopes);
        if (unknown.length || known.length === 0) {
          throw new ConfigError([
            `--scopes: ${unknown.length ? `unknown ${unknown.join(', ')}` : 'none given'} (known: ${scopeNames.join(', ')})`,
          ]);
        }
        await withStore(config, async (db) => {
          const { key, info } = await createApiKey(db.orm.em, options.name.trim(), known);
          await recordAudit(db.orm, config.TOPIC_NAMESPACE, {
            action: 'api-key.created',
            actor: 'cli',
            subject: info.id,
            details: { name: info.name, scopes: info.scopes.join(' ') },
          });
          console.log(key);
          console.error(
            `Key ${info.id} "${info.name}" with ${info.scopes.join(', ')}. Store it now: it cannot be shown again.`,
          );
        });
      }),
    );
  keys
    .command('list')
    .description('list keys (never their secrets)')
    .action(
      withConfig(async (config) =>
        withStore(config, async (db) => {
          const rows = await listApiKeys(db.orm.em);
          const table = rows.map((row) => ({
            id: row.id,
            name: row.name,
            prefix: `plx_${row.prefix}_…`,
            scopes: row.scopes.join(' '),
            created: row.createdAt.toISOString(),
            'last used': row.lastUsedAt?.toISOString() ?? '',
            revoked: row.revokedAt?.toISOString() ?? '',
          }));
          if (table.length) console.table(table);
          else console.log('No API keys. Create one: plexus keys create --name <n> --scopes <…>');
        }),
      ),
    );
  keys
    .command('revoke')
    .argument('<key>', 'id, prefix or name of the key(s) to revoke')
    .description(
      'revoke keys; gateways drop them once the revocation is published (30 s at the latest)',
    )
    .action(
      withConfig(async (config, which: string) =>
        withStore(config, async (db) => {
          const revoked = await revokeApiKeys(db.orm.em, which);
          const count = revoked.length;
          if (count === 0) throw new ConfigError([`keys revoke: no live key matches "${which}"`]);
          const batches: OutboxBatch[] = [];
          for (const info of revoked) {
            const batch = await recordAudit(db.orm, config.TOPIC_NAMESPACE, {
              action: 'api-key.revoked',
              actor: 'cli',
              subject: info.id,
              details: { name: info.name },
            });
            if (batch) batches.push(batch);
          }
          console.log(`revoked ${count} key${count === 1 ? '' : 's'}`);
          // With Kafka, gateways hear of it now; else a running relay publishes it within ~10 s.
          if (config.KAFKA_BROKERS && batches.length) {
            const stream = connectStream({
              kafkaBrokers: config.KAFKA_BROKERS,
              clientId: config.KAFKA_CLIENT_ID,
              security: kafkaSecurity(config),
            });
            try {
              await sendRecordedAudit({
                orm: db.orm,
                namespace: config.TOPIC_NAMESPACE,
                stream,
                batches,
                logger: createLogger('keys', config.LOG_LEVEL),
              });
            } finally {
              await stream.close();
            }
          }
        }),
      ),
    );
}
