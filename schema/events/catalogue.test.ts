import { readFile } from 'node:fs/promises';
import { Parser } from '@asyncapi/parser';
import { describe, expect, it } from 'vitest';
import { ASYNCAPI_DOC, renderCatalogue } from '../../scripts/topic-catalogue';
import { CANONICAL_ENTITIES, SERVICE_TOPICS, SOURCE_TOPICS } from '.';

describe('topic catalogue', () => {
  it('is up to date with the topic registry (run `npm run docs:topics`)', async () => {
    for (const [path, content] of await renderCatalogue()) {
      expect(await readFile(path, 'utf8').catch(() => '(missing)'), path).toBe(content);
    }
  });

  it('is a valid AsyncAPI 3.0 document with a channel per topic', async () => {
    const { document, diagnostics } = await new Parser().parse(
      await readFile(ASYNCAPI_DOC, 'utf8'),
    );
    // Severity 0 is an error; warnings (1) and hints are style advice.
    expect(diagnostics.filter((d) => d.severity === 0)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const addresses =
      document
        ?.channels()
        .all()
        .map((c) => c.address()) ?? [];
    // Every source, canonical and service topic, and the profile topic.
    expect(addresses).toHaveLength(
      SOURCE_TOPICS.length + CANONICAL_ENTITIES.length + SERVICE_TOPICS.length + 1,
    );
    expect(addresses).toContain('{namespace}.shopify.order.v1');
    expect(addresses).toContain('{namespace}.audit.v1');
    expect(addresses).toContain('{namespace}.canonical.customer.v1');
    expect(addresses).toContain('{namespace}.profile.customer.v1');
  });
});
