import {
  GraphQLInt,
  getNamedType,
  isLeafType,
  isListType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  isUnionType,
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

// Shopify's calculated query cost (vendors.md): a scalar or enum costs 0, an object 1, a
// connection `first`/`last` × the cost of one node + 1, a mutation 10. The requested cost is
// computed from the document before running it (from `first`); the actual cost from what came back.
export const maxQueryCost = 1000;
export const mutationCost = 10;

type Variables = Record<string, unknown>;
type Data = Record<string, unknown>;

export function findOperation(
  document: DocumentNode,
  operationName?: string | null,
): OperationDefinitionNode | undefined {
  const operations = document.definitions.filter(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
  );
  return operationName ? operations.find((o) => o.name?.value === operationName) : operations[0];
}

export function requestedQueryCost(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Variables,
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
    return mutationCost * walker.fields(operation.selectionSet).length;
  }
  const root = walker.schema.getQueryType();
  return root ? walker.selection(operation.selectionSet, root, data) : 0;
}

class Walker {
  private readonly fragments = new Map<string, SelectionSetNode>();
  private readonly typeConditions = new Map<string, string>();

  constructor(
    readonly schema: GraphQLSchema,
    document: DocumentNode,
    private readonly variables: Variables,
  ) {
    for (const d of document.definitions) {
      if (d.kind === Kind.FRAGMENT_DEFINITION) {
        this.fragments.set(d.name.value, d.selectionSet);
        this.typeConditions.set(d.name.value, d.typeCondition.name.value);
      }
    }
  }

  /** Field nodes of a selection set with their owning type condition, fragments expanded. */
  fields(set: SelectionSetNode, condition?: string): { node: FieldNode; on?: string }[] {
    const out: { node: FieldNode; on?: string }[] = [];
    for (const s of set.selections) {
      if (s.kind === Kind.FIELD) out.push({ node: s, on: condition });
      else if (s.kind === Kind.INLINE_FRAGMENT) {
        out.push(...this.fields(s.selectionSet, s.typeCondition?.name.value ?? condition));
      } else {
        const fragment = this.fragments.get(s.name.value);
        if (fragment) out.push(...this.fields(fragment, this.typeConditions.get(s.name.value)));
      }
    }
    return out;
  }

  /** Cost of one object's selection (its own 1 is added by the caller). */
  selection(set: SelectionSetNode, parent: GraphQLNamedType, data?: Data): number {
    let total = 0;
    const seen = new Set<string>();
    for (const { node, on } of this.fields(set)) {
      const key = node.alias?.value ?? node.name.value;
      if (node.name.value === '__typename' || seen.has(key)) continue;
      const owner = (on ? this.schema.getType(on) : undefined) ?? parent;
      const field = fieldOf(owner, node.name.value);
      if (!field) continue;
      if (data && !(key in data)) continue;
      seen.add(key);
      total += this.field(node, field, data ? data[key] : undefined, data !== undefined);
    }
    return total;
  }

  private field(
    node: FieldNode,
    field: GraphQLField<unknown, unknown>,
    value: unknown,
    actual: boolean,
  ): number {
    const named = getNamedType(field.type);
    if (isLeafType(named) || !node.selectionSet) return 0;
    if (named.name.endsWith('Connection')) {
      return 1 + this.connection(node, named, value, actual);
    }
    if (isList(field.type)) {
      if (actual) {
        if (!Array.isArray(value)) return 0;
        return value.reduce<number>((sum, item) => sum + this.object(node, named, item, true), 0);
      }
      return (this.pageSize(node) ?? 1) * this.object(node, named, undefined, false);
    }
    return this.object(node, named, value, actual);
  }

  private object(node: FieldNode, type: GraphQLNamedType, value: unknown, actual: boolean): number {
    if (!node.selectionSet) return 0;
    if (actual) {
      if (!isRecord(value)) return 0;
      return 1 + this.selection(node.selectionSet, type, value);
    }
    return 1 + this.selection(node.selectionSet, type);
  }

  private connection(node: FieldNode, type: GraphQLNamedType, value: unknown, actual: boolean) {
    if (!node.selectionSet) return 0;
    let perNode = 0;
    let total = 0;
    for (const { node: inner } of this.fields(node.selectionSet)) {
      const name = inner.name.value;
      const key = inner.alias?.value ?? name;
      const field = fieldOf(type, name);
      if (!field || !inner.selectionSet) continue;
      const itemType = getNamedType(field.type);
      const items = actual && isRecord(value) && Array.isArray(value[key]) ? value[key] : [];
      if (name === 'nodes') {
        if (actual) for (const item of items) total += this.object(inner, itemType, item, true);
        else perNode += this.object(inner, itemType, undefined, false);
      } else if (name === 'edges') {
        for (const { node: edgeField } of this.fields(inner.selectionSet)) {
          if (edgeField.name.value !== 'node') continue;
          const edgeKey = edgeField.alias?.value ?? 'node';
          const nodeType = getNamedType(fieldOf(itemType, 'node')?.type ?? itemType);
          if (actual) {
            for (const edge of items) {
              total += this.object(
                edgeField,
                nodeType,
                isRecord(edge) ? edge[edgeKey] : null,
                true,
              );
            }
          } else perNode += this.object(edgeField, nodeType, undefined, false);
        }
      }
      // pageInfo and cursors are bookkeeping of the connection's own 1.
    }
    return actual ? total : (this.pageSize(node) ?? 0) * perNode;
  }

  private pageSize(node: FieldNode): number | undefined {
    for (const name of ['first', 'last']) {
      const arg = node.arguments?.find((a) => a.name.value === name);
      if (!arg) continue;
      const value: unknown = valueFromAST(arg.value, GraphQLInt, this.variables);
      if (typeof value === 'number') return value;
    }
    return undefined;
  }
}

function fieldOf(type: GraphQLNamedType, name: string): GraphQLField<unknown, unknown> | undefined {
  if (isObjectType(type) || isInterfaceType(type)) return type.getFields()[name];
  if (isUnionType(type)) return undefined;
  return undefined;
}

function isList(type: GraphQLOutputType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function isRecord(value: unknown): value is Data {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
