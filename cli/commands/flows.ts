import type { Command } from 'commander';
import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { Ledger } from '../../flows/ledger';
import { isFlowName } from '../../flows/settings';
import { FLOW_RUN_STATES, type FlowRunState } from '../../store/flows/flow-run.entity';
import { startConfiguredFlows } from '../flows';
import { runKafkaWorker } from '../kafka-worker';
import { withConfig } from '../with-config';
import { withStore } from '../with-store';

/** `plexus flows`: the distributed flows, from Kafka; `flows list` and `flows retry` read the ledger. */
export function registerFlowsCommand(program: Command): void {
  const flows = program
    .command('flows')
    .description(
      'run the flows (write back to the vendors) from Kafka; /health and /metrics on FLOWS_PORT',
    )
    .action(withConfig(runFlows));
  flows
    .command('list')
    .option('--flow <flow>', 'one flow only')
    .option('--state <states>', `comma-separated, of: ${FLOW_RUN_STATES.join(', ')}`)
    .option('--limit <n>', 'rows, newest first', '50')
    .description("the flow ledger: each key's state, target and last error")
    .action(
      withConfig(async (config, options: { flow?: string; state?: string; limit: string }) => {
        const states = parseStates(options.state);
        if (options.flow !== undefined && !isFlowName(options.flow))
          throw new ConfigError([`--flow: unknown flow ${options.flow}`]);
        await withStore(config, async (db) => {
          const rows = await new Ledger(db.orm).list(
            { ...(options.flow ? { flow: options.flow } : {}), ...(states ? { states } : {}) },
            Number(options.limit) || 50,
          );
          for (const row of rows)
            console.log(
              [
                row.flow,
                row.key,
                row.state,
                row.targetId ?? '-',
                String(row.attempts),
                row.updatedAt.toISOString(),
                row.lastError ?? '',
              ].join('\t'),
            );
          if (rows.length === 0) console.error('no flow runs match');
        });
      }),
    );
  flows
    .command('retry')
    .argument('<flow>', 'the flow')
    .argument('[key]', 'one key; without it every failed, parked or retrying key of the flow')
    .description('run failed (or parked, or backing-off) keys again now')
    .action(
      withConfig(async (config, flow: string, key: string | undefined) => {
        if (!isFlowName(flow)) throw new ConfigError([`<flow>: unknown flow ${flow}`]);
        await withStore(config, async (db) => {
          const from: FlowRunState[] = key
            ? ['failed', 'parked', 'retrying', 'skipped', 'done']
            : ['failed', 'parked', 'retrying'];
          const n = await new Ledger(db.orm).requeue(flow, {
            from,
            ...(key ? { keys: [key] } : {}),
            resetAttempts: true,
          });
          console.log(`${n} key(s) of ${flow} queued; a running flow picks them up within seconds`);
        });
      }),
    );
}

function parseStates(value: string | undefined): FlowRunState[] | undefined {
  if (value === undefined) return undefined;
  const states = value.split(',').map((s) => s.trim());
  const unknown = states.filter((s) => !(FLOW_RUN_STATES as readonly string[]).includes(s));
  if (unknown.length) throw new ConfigError([`--state: unknown ${unknown.join(', ')}`]);
  return states as FlowRunState[];
}

async function runFlows(config: Config): Promise<void> {
  await runKafkaWorker(config, {
    command: 'flows',
    port: config.FLOWS_PORT,
    async start({ stream, orm, logger }) {
      const running = await startConfiguredFlows({ config, stream, orm, logger });
      return { stop: () => running.stop(), running: { flows: running.names } };
    },
  });
}
