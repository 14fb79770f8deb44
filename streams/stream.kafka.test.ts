import { describeWithKafka } from '../test/helpers/infra';
import { kafkaBrokers, randomName } from '../test/helpers/kafka';
import { KafkaStream } from './kafka';
import { streamContract } from './stream.contract';

describeWithKafka('stream contract on Kafka', () => {
  streamContract(
    () => new KafkaStream({ brokers: kafkaBrokers(), clientId: randomName('contract') }),
  );
});
