import {
  getNamedType,
  GraphQLInt,
  isInterfaceType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  Kind,
  valueFromAST,
  type DocumentNode,
  type FieldNode,
  type GraphQLField,
  type GraphQLNamedType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
} from 'graphql';

/**
 * Shopify's calculated query cost (vendors.md), as a pure function of a schema and a document:
 * a scalar or enum costs 0, an object 1, a connection its page size × the cost of one node + 1, a
 * list its page size (or the number of `ids`) × one item, a mutation's root field 10. The page size is `first`/`last`, else
 * the argument's schema default, else 1. The requested cost is priced from the document alone; the
 * actual cost from the data that came back, so the difference can be refunded.
 *
 * The sandbox prices its Shopify stand-in the same way (sandbox/shopify/cost.ts) but may not import
 * the project, hence this copy for the gateway.
 */
export const mutationFieldCost = 10;

type Variables = Readonly<Record<string, unknown>>;
type Data = Record<string, unknown>;

export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables = {},
): number {
  return operationCost(new Walker(schema, document, variables), operation, undefined);
}

export function actualQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
  data: Data | null | undefined,
): number {
  if (!data) return 0;
  return operationCost(new Walker(schema, document, variables), operation, data);
}

function operationCost(walker: Walker, operation: OperationDefinitionNode, data?: Data): number {
  if (operation.operation === 'mutation') {
    return mutationFieldCost * walker.fields(operation.selectionSet, root).length;
  }
  // A subscription is priced as the query each of its events runs.
  const rootType = walker.schema.getRootType(operation.operation);
  return rootType ? walker.selection(operation.selectionSet, root, rootType, data) : 0;
}

interface TypedField {
  node: FieldNode;
  on?: string;
  /** The fragments expanded on the way to this field, so a cycle through them ends. */
  path: ReadonlySet<string>;
}

type Path = ReadonlySet<string>;
const root: Path = new Set();

class Walker {
  private readonly fragments = new Map<string, { set: SelectionSetNode; on: string }>();

  constructor(
    readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Variables,
  ) {
    for (const d of document.definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) {
        this.fragments.set(d.name.value, { set: d.selectionSet, on: d.typeCondition.name.value });
      }
    }
  }

  /**
   * Field nodes of a selection set with their type condition, fragments expanded. A fragment is
   * expanded once per selection set (spreading it twice adds nothing) and never inside itself: a
   * fragment that spreads itself, however deep, must not recurse forever (validation rejects it,
   * but pricing may come first).
   */
  fields(set: SelectionSetNode, path: Path, on?: string, spread = new Set<string>()): TypedField[] {
    const out: TypedField[] = [];
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push({ node: s, on, path });
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        out.push(...this.fields(s.selectionSet, path, s.typeCondition?.name.value ?? on, spread));
      } else {
        const name = s.name.value;
        const fragment = this.fragments.get(name);
        if (!fragment || spread.has(name) || path.has(name)) continue;
        spread.add(name);
        out.push(...this.fields(fragment.set, new Set([...path, name]), fragment.on, spread));
      }
    }
    return out;
  }

  /** Cost of one object's selection (its own 1 is added by the caller). */
  selection(set: SelectionSetNode, path: Path, parent: GraphQLNamedType, data?: Data): number {
    let total = 0;
    const seen = new Set<string>();
    for (const { node, on, path: inner } of this.fields(set, path)) {
      const key = node.alias?.value ?? node.name.value;
      if (seen.has(key)) continue;
      const owner = (on ? this.schema.getType(on) : undefined) ?? parent;
      const field = fieldOf(owner, node.name.value);
      if (!field || (data && !(key in data))) continue;
      seen.add(key);
      total += this.field(node, inner, field, data ? data[key] : undefined, data !== undefined);
    }
    return total;
  }

  private field(node: FieldNode, path: Path, field: Field, value: unknown, actual: boolean) {
    const named = getNamedType(field.type);
    if (isLeafType(named) || !node.selectionSet) return 0;
    if (named.name.endsWith('Connection')) {
      return 1 + this.connection(node, path, field, value, actual);
    }
    const object = (item: unknown) => this.object(node, path, named, item, actual);
    if (isList(field.type)) {
      if (!actual) return this.pageSize(node, field) * object(undefined);
      if (!Array.isArray(value)) return 0;
      return value.reduce<number>((sum, item) => sum + object(item), 0);
    }
    return object(value);
  }

  private object(
    node: FieldNode,
    path: Path,
    type: GraphQLNamedType,
    value: unknown,
    actual: boolean,
  ): number {
    if (!node.selectionSet) return 0;
    if (!actual) return 1 + this.selection(node.selectionSet, path, type);
    return isRecord(value) ? 1 + this.selection(node.selectionSet, path, type, value) : 0;
  }

  private connection(node: FieldNode, path: Path, field: Field, value: unknown, actual: boolean) {
    if (!node.selectionSet) return 0;
    const type = getNamedType(field.type);
    let perNode = 0;
    let total = 0;
    for (const { node: inner, path: innerPath } of this.fields(node.selectionSet, path)) {
      const name = inner.name.value;
      const key = inner.alias?.value ?? name;
      const innerField = fieldOf(type, name);
      if (!innerField || !inner.selectionSet) continue;
      const itemType = getNamedType(innerField.type);
      const items = actual && isRecord(value) && Array.isArray(value[key]) ? value[key] : [];
      if (name === 'nodes') {
        const object = (item: unknown) => this.object(inner, innerPath, itemType, item, actual);
        if (actual) for (const item of items) total += object(item);
        else perNode += object(undefined);
      } else if (name === 'edges') {
        for (const { node: edgeField, path: edgePath } of this.fields(
          inner.selectionSet,
          innerPath,
        )) {
          if (edgeField.name.value !== 'node') continue;
          const edgeKey = edgeField.alias?.value ?? 'node';
          const nodeType = getNamedType(fieldOf(itemType, 'node')?.type ?? itemType);
          const object = (item: unknown) =>
            this.object(edgeField, edgePath, nodeType, item, actual);
          if (!actual) perNode += object(undefined);
          else for (const edge of items) total += object(isRecord(edge) ? edge[edgeKey] : null);
        }
      }
      // pageInfo, totalCount and cursors are bookkeeping of the connection's own 1.
    }
    return actual ? total : this.pageSize(node, field) * perNode;
  }

  private pageSize(node: FieldNode, field: Field): number {
    // `nodes(ids:)` returns one object per id.
    const ids = node.arguments?.find((a) => a.name.value === 'ids');
    const idField = field.args.find((a) => a.name === 'ids');
    if (ids && idField) {
      const value: unknown = valueFromAST(ids.value, idField.type, this.variables);
      if (Array.isArray(value)) return value.length;
    }
    for (const name of ['first', 'last']) {
      const arg = node.arguments?.find((a) => a.name.value === name);
      const value: unknown = arg ? valueFromAST(arg.value, GraphQLInt, this.variables) : undefined;
      if (typeof value === 'number') return Math.max(0, value);
    }
    const fallback = field.args.find((a) => a.name === 'first')?.defaultValue;
    return typeof fallback === 'number' ? fallback : 1;
  }
}

type Field = GraphQLField<unknown, unknown>;

function fieldOf(type: GraphQLNamedType, name: string): Field | undefined {
  return isObjectType(type) || isInterfaceType(type) ? type.getFields()[name] : undefined;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
