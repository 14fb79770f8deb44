import { afterAll, expect, it } from 'vitest';
import { generateDataset } from '../../../demo/dataset';
import type { ChangeEvent } from '../../../schema/events';
import { diffDumps, dumpStore } from '../../helpers/dump';
import { publish } from '../../helpers/events';
import { describeWithKafkaAndPostgres } from '../../helpers/infra';
import {
  groupIdOf,
  startKafkaProjection,
  waitForCatchUp,
  type KafkaProjection,
} from '../../helpers/projection';

/** Fisher–Yates with a fixed seed, so a failure can be replayed. */
function shuffled<T>(items: T[], seed: number): T[] {
  const out = [...items];
  let state = seed;
  const next = () => (state = (state * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j] as T, out[i] as T];
  }
  return out;
}

describeWithKafkaAndPostgres('projector: order of delivery does not matter', () => {
  const envs: KafkaProjection[] = [];
  afterAll(async () => {
    await Promise.all(envs.map((env) => env.close()));
  });

  it('(b) gives the same store for events delivered twice and shuffled as for one in-order delivery', async () => {
    const events: ChangeEvent[] = generateDataset({
      seed: 11,
      customers: 40,
      orders: 150,
      products: 15,
      locations: 3,
    });
    const [inOrder, chaotic] = await Promise.all([startKafkaProjection(), startKafkaProjection()]);
    if (!inOrder || !chaotic) throw new Error('no projection');
    envs.push(inOrder, chaotic);

    await publish(inOrder.stream, events, inOrder.namespace);
    await publish(chaotic.stream, shuffled([...events, ...events], 1234), chaotic.namespace);
    await waitForCatchUp(inOrder.namespace, groupIdOf(inOrder.namespace));
    await waitForCatchUp(chaotic.namespace, groupIdOf(chaotic.namespace));

    const expected = await dumpStore(inOrder.db.orm);
    expect(expected.customer?.length).toBeGreaterThan(10);
    expect(expected.orders?.length).toBeGreaterThan(100);
    expect(diffDumps(await dumpStore(chaotic.db.orm), expected)).toEqual([]);
  });
});
