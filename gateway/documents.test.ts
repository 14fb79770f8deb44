import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PersistedQueries, sha256Hex, TrustedDocuments } from './documents';

const listed = 'query Customers { customers(first: 2) { nodes { email } } }';
const dir = mkdtempSync(join(tmpdir(), 'plexus-trusted-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function manifest(name: string, content: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(content));
  return path;
}

describe('TrustedDocuments', () => {
  const apollo = manifest('apollo.json', {
    format: 'apollo-persisted-query-manifest',
    version: 1,
    operations: [{ id: 'op-1', name: 'Customers', type: 'query', body: listed }],
  });
  const codegen = manifest('codegen.json', { 'sha256:abc': listed });

  it.each([
    ['Apollo', apollo, 'op-1'],
    ['id → document', codegen, 'sha256:abc'],
  ])('reads a %s manifest and runs its operations by id, hash or exact text', (_, path, id) => {
    const trusted = TrustedDocuments.fromFile(path);
    expect(trusted.size).toBe(1);
    expect(trusted.resolve({ id })).toEqual({ ok: true, query: listed });
    expect(trusted.resolve({ id: sha256Hex(listed) })).toEqual({ ok: true, query: listed });
    expect(trusted.resolve({ query: listed })).toEqual({ ok: true, query: listed });
  });

  it('refuses any other document, and says so', () => {
    const trusted = TrustedDocuments.fromFile(apollo);
    expect(trusted.resolve({ query: `${listed} ` })).toMatchObject({
      ok: false,
      status: 400,
      code: 'TRUSTED_DOCUMENT_REQUIRED',
    });
    expect(trusted.resolve({ id: 'op-2' })).toMatchObject({
      ok: false,
      code: 'PERSISTED_QUERY_NOT_FOUND',
    });
  });

  it('names the file of a malformed manifest', () => {
    const path = manifest('bad.json', { operations: 'none' });
    expect(() => TrustedDocuments.fromFile(path)).toThrow(/bad\.json is not a trusted documents/);
  });
});

describe('PersistedQueries (APQ)', () => {
  it('asks for the document it does not know, then remembers it by hash', () => {
    const apq = new PersistedQueries();
    const id = sha256Hex(listed);
    expect(apq.resolve({ id })).toMatchObject({ ok: false, code: 'PERSISTED_QUERY_NOT_FOUND' });
    expect(apq.resolve({ id, query: listed })).toEqual({ ok: true, query: listed });
    expect(apq.resolve({ id })).toEqual({ ok: true, query: listed });
  });

  it('refuses a hash that is not the document’s', () => {
    const apq = new PersistedQueries();
    expect(apq.resolve({ id: sha256Hex('{ a }'), query: listed })).toMatchObject({
      ok: false,
      code: 'BAD_REQUEST',
    });
  });

  it('forgets the least recent documents beyond its size', () => {
    const apq = new PersistedQueries(100);
    const big = `{ ${'a '.repeat(40)}}`;
    const other = `{ ${'b '.repeat(40)}}`;
    apq.resolve({ id: sha256Hex(big), query: big });
    apq.resolve({ id: sha256Hex(other), query: other });
    expect(apq.resolve({ id: sha256Hex(big) })).toMatchObject({ ok: false });
    expect(apq.resolve({ id: sha256Hex(other) })).toMatchObject({ ok: true });
  });
});
