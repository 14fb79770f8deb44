import { readFileSync } from 'node:fs';

/** Percentile of a sample by nearest rank; the sample is sorted in place. */
export function percentile(sample: number[], p: number): number {
  if (sample.length === 0) return Number.NaN;
  sample.sort((a, b) => a - b);
  const rank = Math.min(sample.length - 1, Math.max(0, Math.ceil((p / 100) * sample.length) - 1));
  return sample[rank] ?? Number.NaN;
}

export const fmt = (n: number, digits = 0): string =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

/**
 * CPU time spent so far, in microseconds: by this process (all its threads), and by the whole
 * machine (every process, from /proc/stat; null off Linux). On a noisy machine the CPU an event
 * costs varies less from run to run than events/s.
 */
export function cpuSpent(): { process: number; machine: number | null } {
  const { user, system } = process.cpuUsage();
  let machine: number | null = null;
  try {
    const [, ...ticks] =
      readFileSync('/proc/stat', 'utf8').split('\n')[0]?.trim().split(/\s+/) ?? [];
    // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
    const n = ticks.slice(0, 8).map(Number);
    const busy = n.reduce((a, b) => a + b, 0) - (n[3] ?? 0) - (n[4] ?? 0);
    machine = (busy * 1_000_000) / CLOCK_TICKS_PER_SECOND;
  } catch {
    machine = null;
  }
  return { process: user + system, machine };
}

// USER_HZ, which Linux fixes at 100 for /proc/stat on every common architecture.
const CLOCK_TICKS_PER_SECOND = 100;
