import type { Config } from '../../lib/config';
import { ConfigError } from '../../lib/errors';
import { KafkaStream } from '../../streams/kafka';
import { formatTopicReport, topicReport } from '../../streams/kafka/topic-report';

/** `plexus topics`: the namespace's topics, their sizes and each consumer group's lag. */
export async function topicsCommand(config: Config): Promise<void> {
  if (!config.KAFKA_BROKERS) {
    throw new ConfigError(['KAFKA_BROKERS: plexus topics reads a Kafka cluster; set host:port']);
  }
  const stream = new KafkaStream({
    brokers: config.KAFKA_BROKERS.split(','),
    clientId: config.KAFKA_CLIENT_ID,
  });
  try {
    const rows = await stream.withAdmin((admin) => topicReport(admin, config.TOPIC_NAMESPACE));
    console.log(
      rows.length > 0
        ? formatTopicReport(rows)
        : `no topics in namespace ${config.TOPIC_NAMESPACE} yet`,
    );
  } finally {
    await stream.close();
  }
}
