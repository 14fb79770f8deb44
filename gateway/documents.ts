import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { LRUCache } from 'lru-cache';
import { z } from 'zod';

/**
 * Where the text of an operation comes from: the request itself, Automatic Persisted Queries (a
 * client sends the sha256 of a document it sent once before), or, in production, a manifest of
 * trusted documents: then only listed operations run, by id or by their exact text.
 */

const apolloManifest = z.object({
  format: z.literal('apollo-persisted-query-manifest'),
  version: z.literal(1),
  operations: z.array(z.object({ id: z.string().min(1), body: z.string().min(1) })),
});
// GraphQL Code Generator's and Relay's persisted documents: { "<id>": "<document>" }.
const idToBody = z.record(z.string().min(1), z.string().regex(/\{/, 'must be a GraphQL document'));
const manifestSchema = z.union([apolloManifest, idToBody]);

export type Resolved =
  { ok: true; query: string } | { ok: false; status: 200 | 400; code: string; message: string };

export interface DocumentRequest {
  query?: string;
  /** APQ: `extensions.persistedQuery.sha256Hash`; GraphQL over HTTP: `documentId`. */
  id?: string;
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

const notFound: Resolved = {
  ok: false,
  // Apollo's status and code, so that APQ clients resend the document.
  status: 200,
  code: 'PERSISTED_QUERY_NOT_FOUND',
  message: 'PersistedQueryNotFound',
};

export class TrustedDocuments {
  private readonly byId = new Map<string, string>();
  private readonly hashes = new Set<string>();

  constructor(entries: Iterable<[id: string, body: string]>) {
    for (const [id, body] of entries) {
      const hash = sha256Hex(body);
      this.byId.set(id, body);
      this.byId.set(hash, body);
      this.hashes.add(hash);
    }
  }

  static fromFile(path: string): TrustedDocuments {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    if (!parsed.success) {
      throw new Error(`${path} is not a trusted documents manifest: ${parsed.error.message}`);
    }
    const manifest = parsed.data;
    return new TrustedDocuments(
      'format' in manifest && Array.isArray(manifest.operations)
        ? manifest.operations.map((o): [string, string] => [o.id, o.body])
        : Object.entries(manifest as Record<string, string>),
    );
  }

  get size(): number {
    return this.hashes.size;
  }

  resolve(request: DocumentRequest): Resolved {
    if (request.id !== undefined) {
      const body = this.byId.get(request.id) ?? this.byId.get(stripPrefix(request.id));
      if (body === undefined) return notFound;
      return { ok: true, query: body };
    }
    if (request.query !== undefined && this.hashes.has(sha256Hex(request.query))) {
      return { ok: true, query: request.query };
    }
    return {
      ok: false,
      status: 400,
      code: 'TRUSTED_DOCUMENT_REQUIRED',
      message: 'Only the operations of the trusted documents manifest run on this graph.',
    };
  }
}

/** Automatic Persisted Queries, kept here so the gateway prices every document it runs. */
export class PersistedQueries {
  private readonly known: LRUCache<string, string>;

  /** Bounded by total characters, since any client may register documents. */
  constructor(maxCharacters = 4 * 1024 * 1024) {
    this.known = new LRUCache({
      maxSize: maxCharacters,
      sizeCalculation: (query) => query.length || 1,
    });
  }

  resolve(request: DocumentRequest): Resolved {
    if (request.id === undefined) {
      if (request.query === undefined) {
        return {
          ok: false,
          status: 400,
          code: 'BAD_REQUEST',
          message: 'The request has no query.',
        };
      }
      return { ok: true, query: request.query };
    }
    const id = stripPrefix(request.id);
    if (request.query === undefined) {
      const query = this.known.get(id);
      return query === undefined ? notFound : { ok: true, query };
    }
    if (sha256Hex(request.query) !== id) {
      return {
        ok: false,
        status: 400,
        code: 'BAD_REQUEST',
        message: 'The persisted query hash does not match the query.',
      };
    }
    this.known.set(id, request.query);
    return { ok: true, query: request.query };
  }
}

function stripPrefix(id: string): string {
  return id.startsWith('sha256:') ? id.slice('sha256:'.length) : id;
}
