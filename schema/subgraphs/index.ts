import { readFileSync } from 'node:fs';

/**
 * The four subgraphs of the graph, in composition order. Their ports are the defaults of
 * SUBGRAPH_<NAME>_PORT in lib/config.ts; the supergraph records these URLs, and a gateway given
 * other URLs (or in-process schemas) overrides them at run time.
 */
export const subgraphNames = ['shopify', 'erp', 'crm', 'accounting'] as const;

export type SubgraphName = (typeof subgraphNames)[number];

export const defaultSubgraphPorts: Record<SubgraphName, number> = {
  shopify: 4001,
  erp: 4002,
  crm: 4003,
  accounting: 4004,
};

export function defaultSubgraphUrl(name: SubgraphName): string {
  return `http://127.0.0.1:${defaultSubgraphPorts[name]}/graphql`;
}

export function isSubgraphName(name: string): name is SubgraphName {
  return (subgraphNames as readonly string[]).includes(name);
}

/** Each SDL lives beside its resolvers, in subgraphs/<name>/; only its path is known here. */
export function subgraphSdlPath(name: SubgraphName): string {
  return new URL(`../../subgraphs/${name}/schema.graphql`, import.meta.url).pathname;
}

/** What every subgraph declares alike (the scope directive, shared value types), read once. */
export const sharedSdlPath = new URL('../../subgraphs/common/shared.graphql', import.meta.url)
  .pathname;

/** A subgraph's SDL as it is served: the shared declarations, then its own file. */
export function loadSubgraphSdl(name: SubgraphName): string {
  return `${readFileSync(sharedSdlPath, 'utf8')}\n${readFileSync(subgraphSdlPath(name), 'utf8')}`;
}
