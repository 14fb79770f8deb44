// Plexus processes for the distributed scenario: `node bin/plexus.js <command>` children with their
// own environment (on ports from test/helpers/ports chosen up front: a child on port 0 could not
// tell us its port), a readiness wait on /health, and a stop that escalates from SIGTERM to SIGKILL.
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { waitFor } from '../../helpers/kafka';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KEEP_LINES = 40;

export interface PlexusProcess {
  name: string;
  child: ChildProcess;
  /** The last lines the process wrote, for a failure message. */
  output(): string;
  /** Resolves with the exit code once the process has exited (at once if it already has). */
  exited(): Promise<number | null>;
}

/** Starts `plexus <args>` with only the variables given (plus what node needs to run). */
export function startPlexus(
  name: string,
  args: string[],
  env: Record<string, string>,
): PlexusProcess {
  const child = spawn(process.execPath, ['bin/plexus.js', ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? ROOT, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - KEEP_LINES));
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exit = new Promise<number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(code ?? (signal ? -1 : null))),
  );
  return {
    name,
    child,
    output: () => lines.join('\n'),
    exited: () => exit,
  };
}

const hasExited = (proc: PlexusProcess) =>
  proc.child.exitCode !== null || proc.child.signalCode !== null;

/** Waits for a one-shot command (e.g. `migrate`) and fails with its output unless it exits 0. */
export async function runToCompletion(proc: PlexusProcess, timeoutMs = 60_000): Promise<void> {
  const timer = new Promise<never>((_, reject) =>
    setTimeout(
      () => reject(new Error(`${proc.name} still running after ${timeoutMs} ms`)),
      timeoutMs,
    ).unref(),
  );
  const code = await Promise.race([proc.exited(), timer]);
  if (code !== 0) throw new Error(`${proc.name} exited with ${code}:\n${proc.output()}`);
}

/** Polls `url` until it answers 200; fails at once, with the output, if the process dies. */
export async function waitForHealth(
  proc: PlexusProcess,
  url: string,
  timeoutMs = 60_000,
): Promise<void> {
  try {
    await waitFor(
      async () => {
        if (hasExited(proc)) return true; // stop polling: reported below
        // Generous: a loaded machine answers late, and an abandoned request proves nothing.
        const response = await fetch(url, { signal: AbortSignal.timeout(10_000) });
        // Read to the end: an unread body holds its connection open.
        await response.arrayBuffer().catch(() => undefined);
        return response.ok;
      },
      { timeoutMs, intervalMs: 200 },
    );
  } catch (error) {
    throw new Error(`${proc.name} not healthy at ${url}:\n${proc.output()}`, {
      cause: error,
    });
  }
  if (hasExited(proc)) {
    throw new Error(`${proc.name} exited before it was healthy:\n${proc.output()}`);
  }
}

/** SIGTERM, then SIGKILL if the process has not exited within `graceMs`. */
export async function stopPlexus(proc: PlexusProcess, graceMs = 5_000): Promise<void> {
  if (hasExited(proc)) return;
  proc.child.kill('SIGTERM');
  const timer = setTimeout(() => proc.child.kill('SIGKILL'), graceMs);
  await proc.exited();
  clearTimeout(timer);
}
