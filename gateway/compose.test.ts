import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadSubgraphSdl } from '../schema/subgraphs/index';
import { composeSupergraph, CompositionError, supergraphPath } from './compose';

describe('the supergraph', () => {
  it('is checked in exactly as the subgraph SDLs compose (else: npm run compose)', () => {
    const checkedIn = readFileSync(supergraphPath, 'utf8');
    expect(checkedIn, 'schema/supergraph.graphql is stale: run npm run compose').toBe(
      composeSupergraph().supergraphSdl,
    );
  });

  it('would be found stale after a subgraph SDL changes', () => {
    const crm = loadSubgraphSdl('crm').replace(
      '  leadStatus: String\n',
      '  leadStatus: String\n  score: Int\n',
    );
    expect(crm).toContain('score: Int');
    expect(composeSupergraph({ crm }).supergraphSdl).not.toBe(readFileSync(supergraphPath, 'utf8'));
  });

  it('composes without hints, and refuses subgraphs that disagree', () => {
    expect(composeSupergraph().hints).toEqual([]);
    // Two owners of a non-shareable field cannot compose.
    const erp = `${loadSubgraphSdl('erp')}\nextend type Customer { email: String }\n`;
    expect(() => composeSupergraph({ erp })).toThrow(CompositionError);
  });
});
