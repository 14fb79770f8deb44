import {
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  isNonNullType,
  astFromValue,
  print,
  type GraphQLArgument,
  type GraphQLInputField,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

// Checks that `subset` only serves what `real` has, with the same types: a client that works
// against the sandbox must then at least be valid against Shopify. Returns every problem found.
export function subsetProblems(subset: GraphQLSchema, real: GraphQLSchema): string[] {
  const problems: string[] = [];
  const rootPairs: [string | undefined, string | undefined][] = [
    [subset.getQueryType()?.name, real.getQueryType()?.name],
    [subset.getMutationType()?.name, real.getMutationType()?.name],
  ];
  for (const [mine, theirs] of rootPairs) {
    if (mine !== theirs) problems.push(`root type ${mine} is ${theirs} in the real schema`);
  }
  for (const type of Object.values(subset.getTypeMap())) {
    if (type.name.startsWith('__')) continue;
    const other = real.getType(type.name);
    if (!other) {
      problems.push(`type ${type.name} does not exist`);
      continue;
    }
    problems.push(...typeProblems(type, other));
  }
  return problems;
}

function typeProblems(mine: GraphQLNamedType, real: GraphQLNamedType): string[] {
  const name = mine.name;
  if (kind(mine) !== kind(real)) return [`${name} is a ${kind(real)}, not a ${kind(mine)}`];
  const problems: string[] = [];
  if (isEnumType(mine) && isEnumType(real)) {
    const values = new Set(real.getValues().map((v) => v.name));
    for (const v of mine.getValues()) {
      if (!values.has(v.name)) problems.push(`${name}.${v.name} is not an enum value`);
    }
  }
  if (isUnionType(mine) && isUnionType(real)) {
    const members = new Set(real.getTypes().map((t) => t.name));
    for (const t of mine.getTypes()) {
      if (!members.has(t.name)) problems.push(`${t.name} is not a member of union ${name}`);
    }
  }
  if (
    (isObjectType(mine) || isInterfaceType(mine)) &&
    (isObjectType(real) || isInterfaceType(real))
  ) {
    const interfaces = new Set(real.getInterfaces().map((i) => i.name));
    for (const i of mine.getInterfaces()) {
      if (!interfaces.has(i.name)) problems.push(`${name} does not implement ${i.name}`);
    }
    const realFields = real.getFields();
    for (const field of Object.values(mine.getFields())) {
      const other = realFields[field.name];
      const at = `${name}.${field.name}`;
      if (!other) {
        problems.push(`${at} does not exist`);
        continue;
      }
      if (String(field.type) !== String(other.type)) {
        problems.push(`${at} is ${String(other.type)}, not ${String(field.type)}`);
      }
      if (Boolean(field.deprecationReason) !== Boolean(other.deprecationReason)) {
        problems.push(`${at} deprecation differs`);
      }
      problems.push(...argumentProblems(at, field.args, other.args));
    }
  }
  if (isInputObjectType(mine) && isInputObjectType(real)) {
    problems.push(
      ...argumentProblems(name, Object.values(mine.getFields()), Object.values(real.getFields())),
    );
  }
  return problems;
}

type Argument = GraphQLArgument | GraphQLInputField;

function argumentProblems(at: string, mine: readonly Argument[], real: readonly Argument[]) {
  const problems: string[] = [];
  const byName = new Map(real.map((a) => [a.name, a]));
  for (const arg of mine) {
    const other = byName.get(arg.name);
    if (!other) {
      problems.push(`${at}(${arg.name}) does not exist`);
      continue;
    }
    if (String(arg.type) !== String(other.type)) {
      problems.push(`${at}(${arg.name}) is ${String(other.type)}, not ${String(arg.type)}`);
    }
    if (arg.defaultValue !== undefined && defaultOf(arg) !== defaultOf(other)) {
      problems.push(`${at}(${arg.name}) defaults to ${defaultOf(other)}, not ${defaultOf(arg)}`);
    }
  }
  const names = new Set(mine.map((a) => a.name));
  for (const other of real) {
    if (isNonNullType(other.type) && other.defaultValue === undefined && !names.has(other.name)) {
      problems.push(`${at}(${other.name}) is required in the real schema but missing`);
    }
  }
  return problems;
}

function defaultOf(arg: Argument): string {
  if (arg.defaultValue === undefined) return 'nothing';
  const ast = astFromValue(arg.defaultValue, arg.type);
  return ast ? print(ast) : 'null';
}

function kind(type: GraphQLNamedType): string {
  if (isScalarType(type)) return 'scalar';
  if (isObjectType(type)) return 'object';
  if (isInterfaceType(type)) return 'interface';
  if (isUnionType(type)) return 'union';
  if (isEnumType(type)) return 'enum';
  return 'input';
}
