import {
  getNamedType,
  isInterfaceType,
  isObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  Kind,
  valueFromASTUntyped,
  type DocumentNode,
  type FieldNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type GraphQLType,
  type SelectionSetNode,
} from 'graphql';

/**
 * Shopify's published cost rules applied to a document, for tests and benches that check a page's
 * requested cost before any request: scalars 0, objects 1, connections `first` × node + 1, lists
 * with `first` likewise, mutations 10.
 */

type Variables = Record<string, unknown>;

function isList(type: GraphQLType): boolean {
  return isListType(isNonNullType(type) ? type.ofType : type);
}

function argInt(field: FieldNode, name: string, vars: Variables): number | undefined {
  const arg = field.arguments?.find((a) => a.name.value === name);
  if (!arg) return undefined;
  const value = valueFromASTUntyped(arg.value, vars);
  return typeof value === 'number' ? value : undefined;
}

function selectionCost(
  schema: GraphQLSchema,
  parent: GraphQLNamedType,
  set: SelectionSetNode | undefined,
  vars: Variables,
): number {
  if (!set) return 0;
  let total = 0;
  for (const selection of set.selections) {
    if (selection.kind === Kind.INLINE_FRAGMENT) {
      const on = selection.typeCondition
        ? schema.getType(selection.typeCondition.name.value)
        : parent;
      total += selectionCost(schema, on ?? parent, selection.selectionSet, vars);
      continue;
    }
    if (selection.kind !== Kind.FIELD) continue;
    if (!isObjectType(parent) && !isInterfaceType(parent)) continue;
    const def = parent.getFields()[selection.name.value];
    if (!def) continue;
    const type = getNamedType(def.type);
    if (isLeafType(type)) continue;
    const size = argInt(selection, 'first', vars) ?? argInt(selection, 'last', vars);
    if (type.name.endsWith('Connection')) {
      const inner = selection.selectionSet?.selections.find(
        (s) => s.kind === Kind.FIELD && (s.name.value === 'nodes' || s.name.value === 'edges'),
      );
      const nodeType =
        inner && inner.kind === Kind.FIELD && 'getFields' in type
          ? getNamedType(type.getFields()[inner.name.value]!.type)
          : type;
      let nodeSet = inner && inner.kind === Kind.FIELD ? inner.selectionSet : undefined;
      if (inner && inner.kind === Kind.FIELD && inner.name.value === 'edges') {
        const node = inner.selectionSet?.selections.find(
          (s) => s.kind === Kind.FIELD && s.name.value === 'node',
        );
        nodeSet = node && node.kind === Kind.FIELD ? node.selectionSet : undefined;
      }
      const nodeNamed =
        nodeType.name.endsWith('Edge') && 'getFields' in nodeType
          ? getNamedType(nodeType.getFields()['node']!.type)
          : nodeType;
      total += (size ?? 1) * (1 + selectionCost(schema, nodeNamed, nodeSet, vars)) + 1;
    } else {
      const each = 1 + selectionCost(schema, type, selection.selectionSet, vars);
      total += isList(def.type) && size !== undefined ? size * each : each;
    }
  }
  return total;
}

export function queryCost(schema: GraphQLSchema, doc: DocumentNode, vars: Variables = {}): number {
  let total = 0;
  for (const def of doc.definitions) {
    if (def.kind !== Kind.OPERATION_DEFINITION) continue;
    if (def.operation === 'mutation') {
      total += 10;
      continue;
    }
    total += selectionCost(schema, schema.getQueryType()!, def.selectionSet, vars);
  }
  return total;
}
