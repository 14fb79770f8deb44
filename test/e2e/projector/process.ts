import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { kafkaBrokers } from '../../helpers/kafka';
import { groupIdOf } from '../../helpers/projection';

const cli = fileURLToPath(new URL('../../../bin/plexus.js', import.meta.url));

/**
 * `plexus projector` as a child process on the test broker: the namespace's topics, in its group
 * (groupIdOf), into `databaseUrl`; the rest of the environment is this process's.
 */
export function startProjectorProcess(namespace: string, databaseUrl: string): ChildProcess {
  return spawn(process.execPath, [cli, 'projector'], {
    env: {
      ...process.env,
      KAFKA_BROKERS: kafkaBrokers().join(','),
      DATABASE_URL: databaseUrl,
      TOPIC_NAMESPACE: namespace,
      PROJECTOR_GROUP_ID: groupIdOf(namespace),
      LOG_LEVEL: 'error',
      PROJECTOR_PORT: '0',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
