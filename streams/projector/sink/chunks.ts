/**
 * Bind parameters per statement stay under SQLite's 32,766 and PostgreSQL's 65,535, so a batch of
 * any size becomes a few large statements rather than one too large or one per row.
 */
const MAX_PARAMETERS = 30_000;

export function chunksFor<T>(rows: T[], columnsPerRow: number): T[][] {
  const size = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columnsPerRow)));
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}
