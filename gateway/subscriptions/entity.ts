import {
  defaultFieldResolver,
  GraphQLError,
  Kind,
  OperationTypeNode,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLFieldResolver,
  type GraphQLFormattedError,
  type GraphQLResolveInfo,
  type SelectionNode,
  type SelectionSetNode,
  type VariableDefinitionNode,
} from 'graphql';

/** What the gateway's executor answers to a query: data and errors as a client would get them. */
export interface EntityResult {
  data?: Record<string, unknown> | null;
  errors?: readonly GraphQLFormattedError[];
}

/** The query that fetches one entity with a subscriber's selection, and the variables it uses. */
export interface EntityQuery {
  text: string;
  variables: string[];
}

const KEY = 'plexusKey';

const typename: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * Turns a subscriber's selection on an entity field (`order { name customer { email } }`) into
 * the query the federated graph answers for one key: `node(id: $plexusKey) { ... on Order { … } }`
 * with the fragments and variables the selection uses. Every selection set also asks for
 * `__typename`, so that abstract types resolve when the answer is executed again here.
 */
export function entityQuery(info: GraphQLResolveInfo, typeName: string): EntityQuery {
  const selections: SelectionNode[] = info.fieldNodes.flatMap(
    (node) => node.selectionSet?.selections ?? [],
  );
  const fragments = new Map<string, FragmentDefinitionNode>();
  const variables = new Set<string>();
  const collect = (node: SelectionSetNode) =>
    visit(node, {
      Variable: (variable) => {
        variables.add(variable.name.value);
      },
      FragmentSpread: (spread) => {
        const name = spread.name.value;
        const fragment = info.fragments[name];
        if (!fragment || fragments.has(name)) return;
        fragments.set(name, fragment);
        collect(fragment.selectionSet);
      },
    });
  collect({ kind: Kind.SELECTION_SET, selections });
  const definitions: VariableDefinitionNode[] = (info.operation.variableDefinitions ?? []).filter(
    (definition) => variables.has(definition.variable.name.value),
  );
  const keyVariable = { kind: Kind.VARIABLE, name: { kind: Kind.NAME, value: KEY } } as const;
  const document: DocumentNode = {
    kind: Kind.DOCUMENT,
    definitions: [
      {
        kind: Kind.OPERATION_DEFINITION,
        operation: OperationTypeNode.QUERY,
        name: { kind: Kind.NAME, value: 'PlexusSubscriptionEvent' },
        variableDefinitions: [
          {
            kind: Kind.VARIABLE_DEFINITION,
            variable: keyVariable,
            type: {
              kind: Kind.NON_NULL_TYPE,
              type: { kind: Kind.NAMED_TYPE, name: { kind: Kind.NAME, value: 'ID' } },
            },
          },
          ...definitions,
        ],
        selectionSet: {
          kind: Kind.SELECTION_SET,
          selections: [
            {
              kind: Kind.FIELD,
              name: { kind: Kind.NAME, value: 'node' },
              arguments: [
                { kind: Kind.ARGUMENT, name: { kind: Kind.NAME, value: 'id' }, value: keyVariable },
              ],
              selectionSet: {
                kind: Kind.SELECTION_SET,
                selections: [
                  {
                    kind: Kind.INLINE_FRAGMENT,
                    typeCondition: {
                      kind: Kind.NAMED_TYPE,
                      name: { kind: Kind.NAME, value: typeName },
                    },
                    selectionSet: { kind: Kind.SELECTION_SET, selections },
                  },
                ],
              },
            },
          ],
        },
      },
      ...fragments.values(),
    ],
  };
  const withTypenames = visit(document, {
    SelectionSet: (set) => ({ ...set, selections: [typename, ...set.selections] }),
  });
  return { text: print(withTypenames), variables: [...variables] };
}

// Objects of an entity answer: read by response key (aliases included) by the resolver below,
// with the errors the executor reported at each key.
const answered = new WeakSet<object>();
const errorsAt = new WeakMap<object, Map<string, GraphQLError>>();

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

function mark(value: unknown): void {
  if (Array.isArray(value)) {
    for (const item of value) mark(item);
  } else if (isRecord(value)) {
    answered.add(value);
    for (const inner of Object.values(value)) mark(inner);
  }
}

const asError = (error: GraphQLFormattedError) =>
  new GraphQLError(error.message, { extensions: error.extensions });

/**
 * The entity an answer carries, ready to be executed again against the subscription's selection:
 * each error is pinned to the deepest object of its path that came back, so the subscriber gets
 * it at that field, as a query would have. An error with no object to hold it fails the entity.
 */
export function entityOf(result: EntityResult): Record<string, unknown> | null {
  const entity = result.data?.node;
  const errors = result.errors ?? [];
  if (!isRecord(entity)) {
    const [first] = errors;
    if (first) throw asError(first);
    return null;
  }
  mark(entity);
  for (const error of errors) pin(entity, (error.path ?? []).slice(1), asError(error));
  return entity;
}

function pin(
  entity: Record<string, unknown>,
  path: readonly (string | number)[],
  error: GraphQLError,
) {
  let holder = entity;
  let i = 0;
  while (i < path.length) {
    const key = path[i];
    if (typeof key !== 'string') return;
    let value: unknown = holder[key];
    let j = i + 1;
    for (let step = path[j]; typeof step === 'number' && Array.isArray(value); step = path[++j]) {
      value = value[step];
    }
    if (j >= path.length || !isRecord(value)) {
      const at = errorsAt.get(holder) ?? new Map<string, GraphQLError>();
      if (!at.has(key)) at.set(key, error);
      errorsAt.set(holder, at);
      return;
    }
    holder = value;
    i = j;
  }
}

/**
 * Resolves fields of an entity answer by response key, raising the error pinned there; any other
 * field resolves as usual.
 */
export const answerFieldResolver: GraphQLFieldResolver<unknown, unknown> = (
  source,
  args,
  context,
  info,
) => {
  if (isRecord(source) && answered.has(source)) {
    const key = String(info.path.key);
    const error = errorsAt.get(source)?.get(key);
    if (error) throw error;
    return source[key];
  }
  return defaultFieldResolver(source, args, context, info);
};
