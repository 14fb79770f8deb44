import {
  Kind,
  visit,
  type ASTNode,
  type DocumentNode,
  type GraphQLError,
  type GraphQLFormattedError,
} from 'graphql';

// Refusals in Shopify's words. Shopify runs graphql-ruby, whose static validation messages,
// `extensions.code` values and `path` (from the operation down to the offending node) differ from
// graphql-js's; a client that matches on `code` (e.g. `undefinedField`) must see the same here.
interface Rule {
  pattern: RegExp;
  build: (m: RegExpExecArray) => { message: string; extensions: Record<string, unknown> };
}

const rules: Rule[] = [
  {
    pattern: /^Cannot query field "(\w+)" on type "(\w+)"\./,
    build: ([, field, type]) => ({
      message: `Field '${field}' doesn't exist on type '${type}'`,
      extensions: { code: 'undefinedField', typeName: type, fieldName: field },
    }),
  },
  {
    pattern: /^Unknown argument "(\w+)" on field "\w+\.(\w+)"\./,
    build: ([, argument, field]) => ({
      message: `Field '${field}' doesn't accept argument '${argument}'`,
      extensions: {
        code: 'argumentNotAccepted',
        name: field,
        typeName: 'Field',
        argumentName: argument,
      },
    }),
  },
  {
    pattern:
      /^Field "(\w+)" argument "(\w+)" of type "[^"]+" is required, but it was not provided\./,
    build: ([, field, argument]) => ({
      message: `Field '${field}' is missing required arguments: ${argument}`,
      extensions: {
        code: 'missingRequiredArguments',
        className: 'Field',
        name: field,
        arguments: argument,
      },
    }),
  },
  {
    pattern: /^Field "(\w+)" of type "([^"]+)" must have a selection of subfields\./,
    build: ([, field, type]) => ({
      message: `Field must have selections (field '${field}' returns ${type} but has no selections. Did you mean '${field} { ... }'?)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${field}'`, typeName: type },
    }),
  },
  {
    pattern: /^Field "(\w+)" must not have a selection since type "([^"]+)" has no subfields\./,
    build: ([, field, type]) => ({
      message: `Selections can't be made on scalars (field '${field}' returns ${type} but has selections)`,
      extensions: { code: 'selectionMismatch', nodeName: `field '${field}'`, typeName: type },
    }),
  },
  {
    pattern: /^Unknown type "(\w+)"\./,
    build: ([, type]) => ({
      message: `No such type ${type}, so it can't be a fragment condition`,
      extensions: { code: 'undefinedType', typeName: type },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is never used/,
    build: ([, name]) => ({
      message: `Variable $${name} is declared by anonymous query but not used`,
      extensions: { code: 'variableNotUsed', variableName: name },
    }),
  },
  {
    pattern: /^Variable "\$(\w+)" is not defined/,
    build: ([, name]) => ({
      message: `Variable $${name} is used by anonymous query but not declared`,
      extensions: { code: 'variableNotDefined', variableName: name },
    }),
  },
  {
    pattern: /^Unknown fragment "(\w+)"\./,
    build: ([, name]) => ({
      message: `Fragment ${name} was used, but not defined`,
      extensions: { code: 'useAndDefineFragment', fragmentName: name },
    }),
  },
  {
    pattern: /^Fragment "(\w+)" is never used\./,
    build: ([, name]) => ({
      message: `Fragment ${name} was defined, but not used`,
      extensions: { code: 'useAndDefineFragment', fragmentName: name },
    }),
  },
  {
    pattern: /^Unknown directive "@(\w+)"\./,
    build: ([, name]) => ({
      message: `Directive @${name} is not defined`,
      extensions: { code: 'undefinedDirective', directiveName: name },
    }),
  },
  {
    pattern: /^Fields "(\w+)" conflict because (.*)$/,
    build: ([, name, reason]) => ({
      message: `Field '${name}' has a field conflict: ${reason ?? ''}`,
      extensions: { code: 'fieldConflict', fieldName: name },
    }),
  },
];

/** A validation error as Shopify words it, with the path to the node it concerns. */
export function shopifyValidationError(
  error: GraphQLError,
  document: DocumentNode,
): GraphQLFormattedError {
  const json = error.toJSON();
  const target = error.nodes?.[0];
  const path = target ? pathTo(document, target) : undefined;
  for (const rule of rules) {
    const match = rule.pattern.exec(error.message);
    if (match) {
      const { message, extensions } = rule.build(match);
      return { message, locations: json.locations, ...(path && { path }), extensions };
    }
  }
  return {
    message: error.message,
    locations: json.locations,
    ...(path && { path }),
    extensions: { code: 'GRAPHQL_VALIDATION_FAILED' },
  };
}

const tokenNames: Record<string, string> = {
  '}': 'RCURLY',
  '{': 'LCURLY',
  ')': 'RPAREN',
  '(': 'LPAREN',
  ']': 'RBRACKET',
  '[': 'LBRACKET',
  ':': 'COLON',
  '=': 'EQUALS',
  '!': 'BANG',
  $: 'VAR_SIGN',
  '@': 'DIR_SIGN',
  '...': 'ELLIPSIS',
};

/** A syntax error as graphql-ruby words it: `Parse error on "}" (RCURLY) at [1, 10]`. */
export function shopifySyntaxError(error: GraphQLError): GraphQLFormattedError {
  const location = error.locations?.[0];
  const at = location ? ` at [${location.line}, ${location.column}]` : '';
  // graphql-js: `Unexpected "}".`, `Expected Name, found Int "1".`, `… found <EOF>.`
  const found = /(?:Unexpected|found)(?: \w+)? "([^"]*)"/.exec(error.message);
  let message: string;
  if (!found || /<EOF>/.test(error.message)) message = 'Unexpected end of document';
  else {
    const token = found[1] ?? '';
    const name = tokenNames[token] ?? (/^\d/.test(token) ? 'INT' : 'IDENTIFIER');
    message = `Parse error on ${JSON.stringify(token)} (${name})${at}`;
  }
  return { message, locations: error.locations ? [...error.locations] : [] };
}

function pathTo(document: DocumentNode, target: ASTNode): string[] | undefined {
  let found: string[] | undefined;
  visit(document, {
    enter(node, _key, _parent, _path, ancestors) {
      if (found) return false;
      if (node !== target) return undefined;
      const chain = [...ancestors, node].filter((a): a is ASTNode => !Array.isArray(a));
      found = chain.flatMap((a) => {
        if (a.kind === Kind.OPERATION_DEFINITION) {
          return [a.name ? `${a.operation} ${a.name.value}` : a.operation];
        }
        if (a.kind === Kind.FRAGMENT_DEFINITION) return [`fragment ${a.name.value}`];
        if (a.kind === Kind.INLINE_FRAGMENT) {
          return [`... on ${a.typeCondition?.name.value ?? ''}`];
        }
        if (a.kind === Kind.FIELD) return [a.alias?.value ?? a.name.value];
        if (a.kind === Kind.ARGUMENT) return [a.name.value];
        return [];
      });
      return false;
    },
  });
  return found;
}
