import { createHash } from 'node:crypto';
import { maxAliasesRule } from '@escape.tech/graphql-armor-max-aliases';
import { maxDepthRule } from '@escape.tech/graphql-armor-max-depth';
import { maxDirectivesRule } from '@escape.tech/graphql-armor-max-directives';
import type { GraphQLError } from 'graphql';
import {
  Kind,
  NoFragmentCyclesRule,
  parse,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationRule,
} from 'graphql';
import { LRUCache } from 'lru-cache';
import { requestedQueryCost } from '../lib/query-cost';

/** Every limit a document meets before it runs. README: "Query limits". */
export interface QueryLimits {
  /** UTF-8 bytes of the query text. */
  maxDocumentBytes: number;
  maxTokens: number;
  /** Nested selections, fragments counted as a level. */
  maxDepth: number;
  maxAliases: number;
  maxDirectives: number;
  /** Shopify's single-query maximum. */
  maxCost: number;
}

export const defaultQueryLimits: QueryLimits = {
  maxDocumentBytes: 32 * 1024,
  maxTokens: 5_000,
  maxDepth: 15,
  maxAliases: 30,
  maxDirectives: 50,
  maxCost: 1_000,
};

export interface Rejection {
  status: 400;
  code: string;
  message: string;
  requestedQueryCost?: number;
}

export type Pricing =
  | {
      ok: true;
      document: DocumentNode;
      operation: OperationDefinitionNode;
      requestedQueryCost: number;
    }
  | { ok: false; rejection: Rejection };

type Verdict = { ok: true; document: DocumentNode } | { ok: false; rejection: Rejection };

const reject = (code: string, message: string): { ok: false; rejection: Rejection } => ({
  ok: false,
  rejection: { status: 400, code, message },
});

/**
 * Prices a document before anything else sees it: size, then tokens while parsing, then depth,
 * aliases, directives and fragment cycles in one linear pass, then the operation, then its cost.
 * What depends only on the text is cached by its hash, so a repeated document is neither parsed
 * nor walked again; only its cost, which depends on the variables, is recomputed.
 */
export class QueryGuard {
  private readonly verdicts: LRUCache<string, Verdict>;
  private readonly rules: ValidationRule[];
  private rejected: Rejection | undefined;

  constructor(
    private readonly schema: GraphQLSchema,
    private readonly limits: QueryLimits = defaultQueryLimits,
    cacheSize = 1_000,
  ) {
    this.verdicts = new LRUCache({ max: cacheSize });
    const armor = (code: string) => ({
      propagateOnRejection: false,
      onReject: [
        (_context: unknown, error: GraphQLError) => {
          this.rejected ??= {
            status: 400,
            code,
            message: error.message.replace(/^Syntax Error: /, ''),
          };
        },
      ],
    });
    this.rules = [
      maxDepthRule({ n: limits.maxDepth, ...armor('MAX_DEPTH_EXCEEDED') }),
      // armor lets `__typename` aliases through by default; a flood of them costs as much to validate.
      maxAliasesRule({ n: limits.maxAliases, allowList: [], ...armor('MAX_ALIASES_EXCEEDED') }),
      maxDirectivesRule({ n: limits.maxDirectives, ...armor('MAX_DIRECTIVES_EXCEEDED') }),
      // Pricing walks fragments: a cycle must be refused before it.
      NoFragmentCyclesRule,
    ];
  }

  price(
    query: string,
    operationName?: string | null,
    variables: Readonly<Record<string, unknown>> = {},
  ): Pricing {
    const verdict = this.verdict(query);
    if (!verdict.ok) return verdict;
    const operation = pickOperation(verdict.document, operationName);
    if ('rejection' in operation) return operation;
    if (!this.schema.getRootType(operation.operation)) {
      if (operation.operation === 'subscription') {
        return reject(
          'OPERATION_NOT_SUPPORTED',
          'Subscriptions are served over WebSocket (the graphql-ws protocol) at this endpoint, not over HTTP.',
        );
      }
      return reject(
        'OPERATION_NOT_SUPPORTED',
        `This graph has no ${operation.operation}s: it is read-only and answers queries only.`,
      );
    }
    const cost = requestedQueryCost(this.schema, verdict.document, operation, variables);
    if (cost > this.limits.maxCost) {
      const rejection = reject(
        'MAX_COST_EXCEEDED',
        `Query cost is ${cost}, which exceeds the single query max cost limit (${this.limits.maxCost}).`,
      );
      return { ok: false, rejection: { ...rejection.rejection, requestedQueryCost: cost } };
    }
    return { ok: true, document: verdict.document, operation, requestedQueryCost: cost };
  }

  private verdict(query: string): Verdict {
    // Length in UTF-16 units never exceeds the UTF-8 byte count: a cheap first cut before hashing.
    if (
      query.length > this.limits.maxDocumentBytes ||
      Buffer.byteLength(query) > this.limits.maxDocumentBytes
    ) {
      return reject(
        'DOCUMENT_TOO_LARGE',
        `The document exceeds ${this.limits.maxDocumentBytes} bytes.`,
      );
    }
    const hash = createHash('sha256').update(query).digest('base64url');
    let verdict = this.verdicts.get(hash);
    if (!verdict) {
      verdict = this.check(query);
      this.verdicts.set(hash, verdict);
    }
    return verdict;
  }

  private check(query: string): Verdict {
    let document: DocumentNode;
    try {
      document = parse(query, { maxTokens: this.limits.maxTokens, noLocation: false });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      return /tokens\. Parsing aborted/.test(message)
        ? reject('MAX_TOKENS_EXCEEDED', `The document exceeds ${this.limits.maxTokens} tokens.`)
        : reject('GRAPHQL_PARSE_FAILED', message);
    }
    this.rejected = undefined;
    const errors = validate(this.schema, document, this.rules);
    const rejected = this.rejected as Rejection | undefined;
    if (rejected) return { ok: false, rejection: rejected };
    const [first] = errors;
    if (first) return reject('GRAPHQL_VALIDATION_FAILED', first.message);
    return { ok: true, document };
  }
}

function pickOperation(
  document: DocumentNode,
  operationName: string | null | undefined,
): OperationDefinitionNode | { ok: false; rejection: Rejection } {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  if (operationName) {
    const named = operations.find((o) => o.name?.value === operationName);
    if (named) return named;
    return reject('OPERATION_RESOLUTION_FAILURE', `Unknown operation named "${operationName}".`);
  }
  const [only, ...others] = operations;
  if (!only) return reject('OPERATION_RESOLUTION_FAILURE', 'The document has no operation.');
  if (others.length) {
    return reject(
      'OPERATION_RESOLUTION_FAILURE',
      'The document has several operations: name the one to run in `operationName`.',
    );
  }
  return only;
}
