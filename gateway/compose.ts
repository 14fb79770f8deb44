import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import {
  defaultSubgraphUrl,
  loadSubgraphSdl,
  subgraphNames,
  type SubgraphName,
} from '../schema/subgraphs/index';

export const supergraphPath = fileURLToPath(
  new URL('../schema/supergraph.graphql', import.meta.url),
);

export class CompositionError extends Error {
  constructor(readonly problems: string[]) {
    super(`Composition failed:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'CompositionError';
  }
}

/**
 * Composes the four subgraph SDLs into the supergraph SDL. The URLs recorded are the loopback
 * defaults: the gateway swaps them for its configured ones (or in-process schemas) at run time, so
 * the checked-in file does not depend on where things run. `sdls` replaces files (tests).
 */
export function composeSupergraph(sdls: Partial<Record<SubgraphName, string>> = {}): {
  supergraphSdl: string;
  hints: string[];
} {
  const result = composeServices(
    subgraphNames.map((name) => ({
      name,
      url: defaultSubgraphUrl(name),
      typeDefs: parse(sdls[name] ?? loadSubgraphSdl(name)),
    })),
  );
  if (result.errors) throw new CompositionError(result.errors.map((error) => error.message));
  return {
    supergraphSdl: `${result.supergraphSdl.trimEnd()}\n`,
    hints: result.hints.map((hint) => hint.toString()),
  };
}

export function writeSupergraph(path = supergraphPath): { hints: string[] } {
  const { supergraphSdl, hints } = composeSupergraph();
  writeFileSync(path, supergraphSdl);
  return { hints };
}

// `npm run compose` runs this file directly.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  try {
    const { hints } = writeSupergraph();
    for (const hint of hints) console.warn(`hint: ${hint}`);
    console.warn(`wrote ${supergraphPath}`);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  }
}
