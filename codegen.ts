// GraphQL Code Generator: each subgraph's resolver types, generated from its own SDL
// (`npm run codegen`). The test subgraphs/codegen.test.ts fails when a generated file is stale.
import { readFileSync } from 'node:fs';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { sharedSdlPath, subgraphNames, type SubgraphName } from './schema/subgraphs/index';

export const generatedPath = (name: SubgraphName) =>
  `subgraphs/${name}/generated/resolvers-types.ts`;

/**
 * The parent type of GraphQL type X is `XModel` in the subgraph's models.ts, where it is declared
 * once; read from there, so a new model needs no line here.
 */
function mappers(name: SubgraphName): Record<string, string> {
  const models = readFileSync(new URL(`./subgraphs/${name}/models.ts`, import.meta.url), 'utf8');
  const names = [...models.matchAll(/^export (?:type|interface) (\w+)Model\b/gm)].map((m) => m[1]);
  return Object.fromEntries(names.map((type) => [type, `../models#${type}Model`]));
}

/** `sdls` replaces a subgraph's SDL file with SDL text (the staleness test). */
export function codegenConfig(sdls: Partial<Record<SubgraphName, string>> = {}): CodegenConfig {
  return {
    overwrite: true,
    generates: Object.fromEntries(
      subgraphNames.map((name) => [
        generatedPath(name),
        {
          schema: [sharedSdlPath, sdls[name] ?? `subgraphs/${name}/schema.graphql`],
          plugins: ['typescript', 'typescript-resolvers'],
          config: {
            federation: true,
            enumsAsTypes: true,
            useTypeImports: true,
            // The context is the request scope the subgraph's resolvers are bound to.
            contextType: '../models#Context',
            mappers: mappers(name),
            scalars: { DateTime: { input: 'Date', output: 'Date | string' } },
            avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
          },
        },
      ]),
    ),
    hooks: { afterOneFileWrite: ['prettier --write'] },
  };
}

export default codegenConfig();
