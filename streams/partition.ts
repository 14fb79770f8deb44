/**
 * Picks a partition for a key so that one record always lands in one partition, which is what keeps
 * its events in order. The in-process stream uses it; Kafka uses kafkajs's own murmur2 partitioner.
 */
export function partitionFor(key: string, partitions: number): number {
  let hash = 2166136261;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 16777619);
  }
  return (hash >>> 0) % partitions;
}
