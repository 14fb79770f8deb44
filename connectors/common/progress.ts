/**
 * Backfill progress on a terminal: records, rate and ETA on one rewritten stderr line, at most a
 * few times a second. Silent when stderr is not a TTY (CI, pipes, logs). cli-progress is not
 * among the dependencies, and one line does not justify adding it.
 */

export interface Progress {
  /** Adds to the expected total (for the ETA) once a count is known. */
  expect(total: number): void;
  tick(records: number): void;
  done(): void;
  readonly records: number;
}

export interface ProgressOptions {
  label: string;
  stream?: NodeJS.WriteStream;
  intervalMs?: number;
  now?: () => number;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = s % 60;
  return h
    ? `${h}h${String(m).padStart(2, '0')}m`
    : m
      ? `${m}m${String(rest).padStart(2, '0')}s`
      : `${rest}s`;
}

/** The text of one progress line. */
export function progressLine(
  label: string,
  records: number,
  total: number | undefined,
  elapsedMs: number,
) {
  const rate = elapsedMs > 0 ? (records * 1000) / elapsedMs : 0;
  const parts = [`${label}: ${records}${total ? `/${total}` : ''} records`, `${rate.toFixed(1)}/s`];
  if (total && rate > 0) parts.push(`ETA ${formatDuration((total - records) / rate)}`);
  return parts.join(' · ');
}

export function createProgress(options: ProgressOptions): Progress {
  const stream = options.stream ?? process.stderr;
  const now = options.now ?? Date.now;
  const interval = options.intervalMs ?? 250;
  const started = now();
  const enabled = Boolean(stream.isTTY);
  let records = 0;
  let total: number | undefined;
  let last = 0;
  const draw = (force: boolean) => {
    if (!enabled) return;
    const t = now();
    if (!force && t - last < interval) return;
    last = t;
    stream.write(`\r\x1b[2K${progressLine(options.label, records, total, t - started)}`);
  };
  return {
    get records() {
      return records;
    },
    expect(n) {
      total = (total ?? 0) + n;
    },
    tick(n) {
      records += n;
      draw(false);
    },
    done() {
      draw(true);
      if (enabled) stream.write('\n');
    },
  };
}
