import { Command } from 'commander';
import { loadConfig } from '../lib/config';
import { ConfigError } from '../lib/errors';
import { migrateCommand } from './commands/migrate';
import { projectorCommand } from './commands/projector';

const program = new Command('plexus').description(
  'Open data hub for Shopify merchants: change streams into one canonical store and one graph.',
);

/** Every command validates the environment first, so a bad value stops it with every problem named. */
const withConfig = (run: (config: ReturnType<typeof loadConfig>) => Promise<void>) => async () => {
  await run(loadConfig());
};

program.command('projector').description('apply source events from Kafka to the store').action(withConfig(projectorCommand));
program.command('migrate').description('apply pending store migrations').action(withConfig(migrateCommand));

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
