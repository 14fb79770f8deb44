// Gates suites that need real infrastructure. A missing service is never a silent pass: the suite
// is reported as skipped with the reason, or fails outright when PLEXUS_REQUIRE_INFRA=1 (CI).
import { describe, it } from 'vitest';

export type Infra = 'kafka' | 'postgres';

const envVar: Record<Infra, string> = { kafka: 'KAFKA_BROKERS', postgres: 'DATABASE_URL' };

export function describeWithInfra(needs: readonly Infra[], name: string, fn: () => void): void {
  const missing = needs.map((need) => envVar[need]).filter((key) => !process.env[key]);
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  const reason = `${missing.join(' and ')} not set`;
  if (process.env.PLEXUS_REQUIRE_INFRA === '1') {
    describe(name, () => {
      it('has the infrastructure it needs', () => {
        throw new Error(`${reason}, and PLEXUS_REQUIRE_INFRA=1 forbids skipping`);
      });
    });
    return;
  }
  console.warn(
    `[infra] skipping "${name}": ${reason} (see test/setup/infra.global.ts; npm run kafka:up starts Kafka)`,
  );
  describe.skip(`${name} [skipped: ${reason}]`, fn);
}

export function describeWithKafka(name: string, fn: () => void): void {
  describeWithInfra(['kafka'], name, fn);
}

export function describeWithPostgres(name: string, fn: () => void): void {
  describeWithInfra(['postgres'], name, fn);
}

export function describeWithKafkaAndPostgres(name: string, fn: () => void): void {
  describeWithInfra(['kafka', 'postgres'], name, fn);
}
