import { Command } from 'commander';
import { ConfigError } from '../lib/errors';
import { connectCommand } from './commands/connect';
import { demoCommand } from './commands/demo';
import { exportProfilesCommand, type ExportOptions } from './commands/export';
import { gatewayCommand } from './commands/gateway';
import { registerFlowsCommand } from './commands/flows';
import { registerKeysCommand } from './commands/keys';
import { migrateCommand } from './commands/migrate';
import { sandboxCommand } from './commands/sandbox';
import { projectorCommand } from './commands/projector';
import { startCommand } from './commands/start';
import { subgraphCommand } from './commands/subgraph';
import { topicsCommand } from './commands/topics';
import { withConfig } from './with-config';

const program = new Command('plexus')
  .description(
    'Open data hub for Shopify merchants: change streams into one canonical store and one graph.',
  )
  .addHelpText(
    'after',
    '\nConfiguration comes from the environment; see the README or .env.example.',
  );

program
  .command('start')
  .description('everything in one process: the embedded default')
  .action(withConfig(startCommand));
program
  .command('gateway')
  .description('the federated GraphQL gateway')
  .action(withConfig(gatewayCommand));
program
  .command('subgraph')
  .argument('<name>', 'shopify, erp, crm or accounting')
  .description('one subgraph, serving from the store')
  .action(withConfig((config, name: string) => subgraphCommand(config, name)));
program
  .command('projector')
  .description('apply source events from Kafka to the store')
  .action(withConfig(projectorCommand));
program
  .command('connect')
  .argument('<sources...>', 'shopify, erp, crm and/or accounting')
  .description("run the named sources' connectors against the vendors, publishing to Kafka")
  .action(withConfig((config, sources: string[]) => connectCommand(config, sources)));
program
  .command('topics')
  .description("the namespace's topics: partitions, messages held and each consumer group's lag")
  .action(withConfig(topicsCommand));
program
  .command('demo')
  .description('the four vendor sandboxes and their connectors, publishing to Kafka')
  .action(withConfig(demoCommand));
program
  .command('sandbox')
  .argument(
    '<vendor>',
    'shopify (Admin GraphQL), erp (Business Central), crm (HubSpot) or accounting (QuickBooks Online)',
  )
  .option('--port <port>', 'port to listen on (default 4301, 4302, 4303 or 4304)')
  .description("a vendor's API stand-in, for development without the vendor")
  .action(
    withConfig((config, vendor: string, options: { port?: string }) =>
      sandboxCommand(config, vendor, options.port),
    ),
  );
program
  .command('migrate')
  .description('apply pending store migrations')
  .action(withConfig(migrateCommand));

program
  .command('export')
  .argument('<what>', 'profiles')
  .option('--filter <json>', "a segment, as the graph's CustomerFilter: '{\"consent\": true}'")
  .option('--format <format>', 'ndjson or csv', 'ndjson')
  .option('--out <file>', 'where to write (mode 0600); default profiles.<format>')
  .description('write a segment of the marketing profiles to a file')
  .action(
    withConfig(async (config, what: string, options: ExportOptions) => {
      if (what !== 'profiles') throw new ConfigError([`export: unknown ${what}; try profiles`]);
      await exportProfilesCommand(config, options);
    }),
  );

registerKeysCommand(program);
registerFlowsCommand(program);

program.parseAsync().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
