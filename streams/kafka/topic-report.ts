import type { Admin } from 'kafkajs';

/** One topic of a namespace as an operator reads it: size, and how far each group trails. */
export interface TopicRow {
  topic: string;
  partitions: number;
  /** Messages the broker still holds (end minus start offsets; compaction and retention trim). */
  messages: bigint;
  /** Messages each consumer group has yet to commit, by group id. */
  lag: Map<string, bigint>;
}

/** The topics of `namespace` (and their dead-letter topics) with message counts and group lags. */
export async function topicReport(admin: Admin, namespace: string): Promise<TopicRow[]> {
  const topics = (await admin.listTopics()).filter((t) => t.startsWith(`${namespace}.`)).sort();
  const { groups } = await admin.listGroups();
  const groupIds = groups.map((g) => g.groupId).sort();
  const committed = new Map<string, Map<string, Map<number, bigint>>>();
  for (const groupId of groupIds) {
    const byTopic = new Map<string, Map<number, bigint>>();
    for (const { topic, partitions } of await admin.fetchOffsets({ groupId, topics })) {
      byTopic.set(topic, new Map(partitions.map((p) => [p.partition, BigInt(p.offset)])));
    }
    committed.set(groupId, byTopic);
  }
  const rows: TopicRow[] = [];
  for (const topic of topics) {
    const offsets = await admin.fetchTopicOffsets(topic);
    const lag = new Map<string, bigint>();
    for (const groupId of groupIds) {
      const done = committed.get(groupId)?.get(topic);
      // A group that never committed on this topic does not read it.
      if (!done || [...done.values()].every((offset) => offset < 0n)) continue;
      lag.set(
        groupId,
        offsets.reduce((sum, { partition, high, low }) => {
          const at = done.get(partition) ?? -1n;
          return sum + BigInt(high) - (at < 0n ? BigInt(low) : at);
        }, 0n),
      );
    }
    rows.push({
      topic,
      partitions: offsets.length,
      messages: offsets.reduce((sum, { high, low }) => sum + BigInt(high) - BigInt(low), 0n),
      lag,
    });
  }
  return rows;
}

/** The report as aligned text columns, one line per topic and group. */
export function formatTopicReport(rows: TopicRow[]): string {
  const lines = [['topic', 'partitions', 'messages', 'group', 'lag']];
  for (const row of rows) {
    const groups = [...row.lag];
    const first = groups.shift();
    lines.push([
      row.topic,
      String(row.partitions),
      String(row.messages),
      first?.[0] ?? '-',
      first ? String(first[1]) : '-',
    ]);
    for (const [group, lag] of groups) lines.push(['', '', '', group, String(lag)]);
  }
  const widths = lines[0]?.map((_, i) => Math.max(...lines.map((l) => (l[i] ?? '').length))) ?? [];
  return lines
    .map((l) =>
      l
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
