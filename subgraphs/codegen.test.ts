import { readFile } from 'node:fs/promises';
import { generate } from '@graphql-codegen/cli';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { codegenConfig, generatedPath } from '../codegen';
import { subgraphNames } from '../schema/subgraphs/index';

/** Generates in memory, formatted as the write hook formats the files. */
async function regenerate(
  sdls: Parameters<typeof codegenConfig>[0] = {},
): Promise<Map<string, string>> {
  const outputs = (await generate({ ...codegenConfig(sdls), silent: true }, false)) as {
    filename: string;
    content: string;
  }[];
  const formatted = await Promise.all(
    outputs.map(async ({ filename, content }) => {
      const options = (await resolveConfig(filename)) ?? {};
      return [filename, await format(content, { ...options, filepath: filename })] as const;
    }),
  );
  return new Map(formatted);
}

describe('generated resolver types', () => {
  it('are checked in exactly as the subgraph SDLs generate (else: npm run codegen)', async () => {
    const fresh = await regenerate();
    expect([...fresh.keys()].sort()).toEqual(subgraphNames.map(generatedPath).sort());
    for (const [path, content] of fresh) {
      expect(await readFile(path, 'utf8'), `${path} is stale: run npm run codegen`).toBe(content);
    }
  }, 60_000);

  it('would be found stale after an SDL changes', async () => {
    const path = generatedPath('crm');
    const sdl = await readFile('subgraphs/crm/schema.graphql', 'utf8');
    const changed = sdl.replace('  leadStatus: String\n', '  leadStatus: String\n  score: Int\n');
    expect(changed).not.toBe(sdl);
    const fresh = await regenerate({ crm: changed });
    expect(fresh.get(path)).toContain('score');
    expect(fresh.get(path)).not.toBe(await readFile(path, 'utf8'));
  }, 60_000);
});
