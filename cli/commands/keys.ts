import type { Command } from 'commander';
import { parseScopes, scopeNames } from '../../lib/auth/scopes';
import { ConfigError } from '../../lib/errors';
import { createApiKey, listApiKeys, revokeApiKeys } from '../../store/auth/api-keys';
import { recordAudit } from '../../streams/privacy/audit';
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
    .description('revoke keys; a running gateway may accept them for up to 30 s more')
    .action(
      withConfig(async (config, which: string) =>
        withStore(config, async (db) => {
          const revoked = await revokeApiKeys(db.orm.em, which);
          const count = revoked.length;
          if (count === 0) throw new ConfigError([`keys revoke: no live key matches "${which}"`]);
          for (const info of revoked) {
            await recordAudit(db.orm, config.TOPIC_NAMESPACE, {
              action: 'api-key.revoked',
              actor: 'cli',
              subject: info.id,
              details: { name: info.name },
            });
          }
          console.log(`revoked ${count} key${count === 1 ? '' : 's'}`);
        }),
      ),
    );
}
