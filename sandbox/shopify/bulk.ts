import {
  execute,
  getNamedType,
  isObjectType,
  isInterfaceType,
  Kind,
  parse,
  validate,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';
import { gid } from './ids';

// Bulk operations: a query document is validated (≤ 5 connections, nested ≤ 2 deep, a parent of a
// nested connection must select `id`), run in the background over whole connections, and its
// result flattened to JSONL where each node of a nested connection is its own line carrying
// `__parentId`, after its parent's line, as Shopify writes them.
export type BulkStatus =
  'CREATED' | 'RUNNING' | 'COMPLETED' | 'FAILED' | 'CANCELED' | 'CANCELING' | 'EXPIRED';

export interface BulkOperation {
  id: number;
  type: 'QUERY';
  status: BulkStatus;
  errorCode: 'ACCESS_DENIED' | 'INTERNAL_SERVER_ERROR' | 'TIMEOUT' | null;
  query: string;
  objectCount: string;
  rootObjectCount: string;
  fileSize: string | null;
  url: string | null;
  partialDataUrl: string | null;
  createdAt: string;
  completedAt: string | null;
}

export interface BulkUserError {
  code: 'OPERATION_IN_PROGRESS' | 'INVALID';
  field: string[];
  message: string;
}

export const maxBulkConnections = 5;
export const maxBulkDepth = 2;

export interface BulkOptions {
  schema: GraphQLSchema;
  newId: () => number;
  stamp: () => string;
  /** Context for executing the bulk query (connections unbounded). */
  context: () => unknown;
  /** Where results are downloadable, e.g. http://127.0.0.1:4301/bulk-results/1.jsonl */
  resultUrl: (id: number) => string;
  /** Time spent in RUNNING, to give pollers something to poll. */
  delayMs: number;
}

export class BulkOperations {
  readonly operations = new Map<number, BulkOperation>();
  readonly files = new Map<number, string>();
  private current: BulkOperation | undefined;
  private readonly timers = new Set<NodeJS.Timeout>();

  constructor(private readonly options: BulkOptions) {}

  get currentOperation(): BulkOperation | undefined {
    return this.current;
  }

  run(query: string): { bulkOperation: BulkOperation | null; userErrors: BulkUserError[] } {
    if (this.current && (this.current.status === 'CREATED' || this.current.status === 'RUNNING')) {
      const message = `A bulk query operation for this app and shop is already in progress: ${gid('BulkOperation', this.current.id)}.`;
      return {
        bulkOperation: null,
        userErrors: [{ code: 'OPERATION_IN_PROGRESS', field: ['query'], message }],
      };
    }
    const checked = this.check(query);
    if (typeof checked === 'string') {
      return {
        bulkOperation: null,
        userErrors: [{ code: 'INVALID', field: ['query'], message: checked }],
      };
    }
    const operation: BulkOperation = {
      id: this.options.newId(),
      type: 'QUERY',
      status: 'CREATED',
      errorCode: null,
      query,
      objectCount: '0',
      rootObjectCount: '0',
      fileSize: null,
      url: null,
      partialDataUrl: null,
      createdAt: this.options.stamp(),
      completedAt: null,
    };
    this.operations.set(operation.id, operation);
    this.current = operation;
    this.later(0, () => {
      operation.status = 'RUNNING';
      this.later(this.options.delayMs, () => void this.finish(operation, checked));
    });
    return { bulkOperation: operation, userErrors: [] };
  }

  close(): void {
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
  }

  private later(ms: number, work: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      work();
    }, ms);
    this.timers.add(timer);
  }

  private async finish(operation: BulkOperation, document: DocumentNode): Promise<void> {
    const { schema } = this.options;
    try {
      const result = await execute({ schema, document, contextValue: this.options.context() });
      if (result.errors?.length || !result.data) throw new Error(result.errors?.[0]?.message);
      const lines: string[] = [];
      let roots = 0;
      const query = schema.getQueryType();
      const def = document.definitions[0];
      if (query && def?.kind === Kind.OPERATION_DEFINITION) {
        roots = flatten(def.selectionSet, query, result.data, undefined, lines);
      }
      const file = lines.length > 0 ? lines.join('\n') + '\n' : '';
      this.files.set(operation.id, file);
      operation.objectCount = String(lines.length);
      operation.rootObjectCount = String(roots);
      operation.fileSize = String(Buffer.byteLength(file));
      // Shopify gives no url when the query matched nothing.
      operation.url = lines.length > 0 ? this.options.resultUrl(operation.id) : null;
      operation.status = 'COMPLETED';
    } catch {
      operation.status = 'FAILED';
      operation.errorCode = 'INTERNAL_SERVER_ERROR';
    }
    operation.completedAt = this.options.stamp();
  }

  /** The parsed document, or the reason it is not an acceptable bulk query. */
  private check(query: string): DocumentNode | string {
    let document: DocumentNode;
    try {
      document = parse(query);
    } catch (error) {
      return `Invalid bulk query: ${(error as Error).message}`;
    }
    const operations = document.definitions.filter((d) => d.kind === Kind.OPERATION_DEFINITION);
    const only = operations[0];
    if (
      operations.length !== 1 ||
      only?.kind !== Kind.OPERATION_DEFINITION ||
      only.operation !== 'query'
    ) {
      return 'Bulk queries must contain exactly one query operation.';
    }
    if (document.definitions.length !== 1) return 'Bulk queries cannot contain fragments.';
    const errors = validate(this.options.schema, document);
    if (errors.length > 0) return `Invalid bulk query: ${errors.map((e) => e.message).join('; ')}`;
    const root = this.options.schema.getQueryType();
    if (!root) return 'no query type';
    const stats = { connections: 0, depth: 0, problem: '' };
    scan(only.selectionSet, root, 0, undefined, stats);
    if (stats.connections === 0) return 'Bulk queries must contain at least one connection.';
    if (stats.connections > maxBulkConnections) {
      return `Bulk queries cannot contain more than ${maxBulkConnections} connections.`;
    }
    if (stats.depth > maxBulkDepth) {
      return `Bulk queries cannot contain connections with a nesting depth greater than ${maxBulkDepth}.`;
    }
    if (stats.problem) return stats.problem;
    return document;
  }
}

function isConnection(type: GraphQLNamedType): boolean {
  return type.name.endsWith('Connection');
}

function fieldsOf(set: SelectionSetNode): FieldNode[] {
  const out: FieldNode[] = [];
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) out.push(s);
    else if (s.kind === Kind.INLINE_FRAGMENT) out.push(...fieldsOf(s.selectionSet));
  }
  return out;
}

function childType(parent: GraphQLNamedType, name: string): GraphQLNamedType | undefined {
  if (!isObjectType(parent) && !isInterfaceType(parent)) return undefined;
  const field = parent.getFields()[name];
  return field ? getNamedType(field.type) : undefined;
}

/** Node selections of a connection field: `edges { node { … } }` and `nodes { … }`. */
function nodeSelections(connection: FieldNode, type: GraphQLNamedType) {
  const out: { path: string[]; set: SelectionSetNode; type: GraphQLNamedType }[] = [];
  for (const inner of fieldsOf(
    connection.selectionSet ?? { kind: Kind.SELECTION_SET, selections: [] },
  )) {
    const innerType = childType(type, inner.name.value);
    if (!innerType || !inner.selectionSet) continue;
    const key = inner.alias?.value ?? inner.name.value;
    if (inner.name.value === 'nodes')
      out.push({ path: [key], set: inner.selectionSet, type: innerType });
    if (inner.name.value === 'edges') {
      for (const n of fieldsOf(inner.selectionSet)) {
        const nodeType = childType(innerType, 'node');
        if (n.name.value === 'node' && n.selectionSet && nodeType) {
          out.push({ path: [key, n.alias?.value ?? 'node'], set: n.selectionSet, type: nodeType });
        }
      }
    }
  }
  return out;
}

function scan(
  set: SelectionSetNode,
  type: GraphQLNamedType,
  depth: number,
  /** Whether the enclosing connection's node selects `id` (undefined at the top). */
  nodeHasId: boolean | undefined,
  stats: { connections: number; depth: number; problem: string },
): void {
  for (const field of fieldsOf(set)) {
    const fieldType = childType(type, field.name.value);
    if (!fieldType || !field.selectionSet) continue;
    if (isConnection(fieldType)) {
      stats.connections += 1;
      stats.depth = Math.max(stats.depth, depth + 1);
      if (nodeHasId === false && !stats.problem) {
        stats.problem = `The parent '${type.name}' field for a nested connection must select the 'id' field.`;
      }
      for (const node of nodeSelections(field, fieldType)) {
        const hasId = fieldsOf(node.set).some((f) => f.name.value === 'id' && !f.alias);
        scan(node.set, node.type, depth + 1, hasId, stats);
      }
    } else scan(field.selectionSet, fieldType, depth, nodeHasId, stats);
  }
}

type Row = Record<string, unknown>;

/**
 * Writes the rows of the connections under `set` to `lines`; returns how many root-level rows
 * (nodes of top-level connections) were written.
 */
function flatten(
  set: SelectionSetNode,
  type: GraphQLNamedType,
  data: Row,
  parentId: string | undefined,
  lines: string[],
): number {
  let roots = 0;
  for (const field of fieldsOf(set)) {
    const key = field.alias?.value ?? field.name.value;
    const fieldType = childType(type, field.name.value);
    const value = data[key];
    if (!fieldType || !field.selectionSet || typeof value !== 'object' || value === null) continue;
    if (isConnection(fieldType)) {
      for (const sel of nodeSelections(field, fieldType)) {
        for (const node of nodesAt(value as Row, sel.path)) {
          const row: Row = { ...node };
          const nested: (() => void)[] = [];
          const id = typeof row.id === 'string' ? row.id : undefined;
          strip(sel.set, sel.type, row, id, nested, lines);
          if (parentId !== undefined) row.__parentId = parentId;
          lines.push(JSON.stringify(row));
          if (parentId === undefined) roots += 1;
          for (const emit of nested) emit();
        }
      }
    } else if (!Array.isArray(value)) {
      roots += flatten(field.selectionSet, fieldType, value as Row, parentId, lines);
    }
  }
  return roots;
}

/** Removes nested connections from a row (in place) and queues writing their nodes after it. */
function strip(
  set: SelectionSetNode,
  type: GraphQLNamedType,
  row: Row,
  id: string | undefined,
  nested: (() => void)[],
  lines: string[],
): void {
  for (const field of fieldsOf(set)) {
    const key = field.alias?.value ?? field.name.value;
    const fieldType = childType(type, field.name.value);
    const value = row[key];
    if (!fieldType || !field.selectionSet || typeof value !== 'object' || value === null) continue;
    if (isConnection(fieldType)) {
      delete row[key];
      const holder: Row = { [key]: value };
      const single: SelectionSetNode = { kind: Kind.SELECTION_SET, selections: [field] };
      nested.push(() => void flatten(single, type, holder, id, lines));
    } else if (!Array.isArray(value)) {
      const copy: Row = { ...(value as Row) };
      row[key] = copy;
      strip(field.selectionSet, fieldType, copy, id, nested, lines);
    }
  }
}

function nodesAt(connection: Row, path: string[]): Row[] {
  const [first, second] = path;
  const items = first ? connection[first] : undefined;
  if (!Array.isArray(items)) return [];
  const rows = second ? items.map((edge: unknown) => (edge as Row)[second]) : items;
  return rows.filter((r): r is Row => typeof r === 'object' && r !== null);
}
