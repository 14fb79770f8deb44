import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const cli = fileURLToPath(new URL('../../../bin/plexus.js', import.meta.url));

/** `plexus projector` as a child process, this process's environment overridden by `env`. */
export function startProjectorProcess(env: Record<string, string>): ChildProcess {
  return spawn(process.execPath, [cli, 'projector'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
}
