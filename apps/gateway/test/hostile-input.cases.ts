import {
  buildSchema,
  getNamedType,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';

/**
 * Hostile calls generated from the supergraph: for every mutation, every query and every field
 * with arguments, each argument and each input field (walked down the input types) gets wrong
 * types, nulls, NUL bytes, lone surrogates, huge strings, extreme dates and numbers and forged
 * cursors, one at a time, with every other argument left at a valid baseline so that the hostile
 * value is the only thing wrong with the call and reaches as deep as it can.
 */

export interface HostileCase {
  /** What is sent where, e.g. `updateOpportunity input.name = null`. */
  name: string;
  /** The subgraph that owns the root field: its database must not change when a write is refused. */
  subgraph: string;
  mutation: boolean;
  query: string;
  variables: Record<string, unknown>;
}

/** A field the suite calls: a root field, or a field of a record a root field finds by id. */
export interface Target {
  field: GraphQLField<unknown, unknown>;
  mutation: boolean;
  /** The subgraph whose database is watched: the root field's owner. */
  subgraph: string;
  label: string;
  parent?: { field: string; id: string };
}

/** Ids of records that exist, by the name an argument or input field gives them (`customerId`...). */
export type Fixtures = Record<string, string>;

type Path = (string | number)[];

const MB = 1024 * 1024;
/** A cursor as a list would encode one, carrying the values the keyset comparison binds into SQL. */
const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

const STRINGS: [string, unknown][] = [
  ['NUL byte', 'a\u0000b'],
  ['lone high surrogate', 'a\ud800b'],
  ['lone low surrogate', '\udc00'],
  ['1 MB string', 'x'.repeat(MB)],
  ['200 KB string', 'x'.repeat(200 * 1024)],
];
const DATES: [string, unknown][] = [
  ['date past the representable range', '+275760-09-13'],
  ['date before the representable range', '-271821-04-19'],
  ['invalid date', '2024-13-45'],
  ['30 February', '2024-02-30'],
  ['year 0', '0000-01-01'],
  ['date-time past the range', '+275760-09-13T00:00:00.001Z'],
];
const DECIMALS: [string, unknown][] = [
  ['NaN', 'NaN'],
  ['Infinity', 'Infinity'],
  ['exponent', '1e400'],
  ['400 digits', '9'.repeat(400)],
  ['negative zero', '-0'],
];
const INTS: [string, unknown][] = [
  ['int above 32 bits', 2147483648],
  ['int below 32 bits', -2147483649],
  ['huge number', 1e300],
  ['max int', 2147483647],
  ['min int', -2147483648],
  ['negative', -1],
  ['zero', 0],
  ['fraction', 1.5],
];
const CURSORS: [string, unknown][] = [
  ['cursor that is not base64', '%%%not a cursor%%%'],
  ['cursor of an object', cursor({ a: 1 })],
  ['empty cursor', cursor([])],
  ['cursor of one string', cursor(['x'])],
  ['cursor of two strings', cursor(['not a date', 'not a uuid'])],
  ['cursor of an invalid date and a uuid', cursor(['2024-13-45', '00000000-0000-4000-8000-000000000000'])],
  ['cursor of a date past the range', cursor(['+275760-09-13T00:00:00.000Z', '00000000-0000-4000-8000-000000000000'])],
  ['cursor of huge numbers', cursor([1e308, 1e308])],
  ['cursor of numbers', cursor([1, 2])],
  ['cursor with a NUL byte', cursor(['\u0000', '\u0000'])],
  ['cursor of three values', cursor(['x', 1, 'y'])],
  ['cursor of nulls', cursor([null, null])],
];

/** Input fields holding decimal strings; the rest of the strings are text. */
const DECIMAL_FIELD = /^(amount|quantity|unitPrice|discountPercent|taxPercent)$/;
const DATE_FIELD = /(Date|At|Until|From|To|Before|By)$|^(from|to)$/;

function baselineString(field: string, n: number, returns: string): string {
  if (DECIMAL_FIELD.test(field)) return field.endsWith('Percent') ? '0' : '10.00';
  if (/email|address/i.test(field)) return `hostile${n}@example.com`;
  if (field === 'sku') return `HOSTILE-${n}`;
  if (field === 'currency') return 'EUR';
  if (/phone|number/i.test(field)) return '+14155550100';
  if (field === 'domain') return `hostile${n}.example.com`;
  if (field === 'website' || /origin/i.test(field)) return `https://hostile${n}.example.com`;
  // A web form's input names (its field map, its honeypot).
  if (field === 'field' || field === 'honeypotField') return `hostile${n}`;
  if (DATE_FIELD.test(field)) return '2030-01-15';
  if (field === 'query') return 'hostile';
  if (field === 'timeZone') return 'UTC';
  // A commission statement's month; the forecast's period is a calendar date inside it.
  if (field === 'period') return returns === 'Forecast' ? '2026-06-01' : '2030-01';
  // Working hours of a business calendar.
  if (field === 'start') return '09:00';
  if (field === 'end') return '17:00';
  // An OLAP query names a cube and its measures from analytics' catalogue.
  if (field === 'cube') return 'deals';
  if (field === 'measure') return 'wonDeals';
  // A segment's rule is JSON text in analytics' rule language.
  if (field === 'rule') return '{"field": "tier", "op": "eq", "value": 1}';
  return `Hostile ${n}`;
}

function baselineInt(field: string): number {
  if (field === 'probability') return 50;
  if (field === 'first') return 5;
  return 1;
}

/** `Opportunity` → `opportunityId`: how fixtures are named. */
const idOf = (typeName: string) => `${typeName[0]!.toLowerCase()}${typeName.slice(1)}Id`;

export class CaseGenerator {
  readonly schema: GraphQLSchema;
  private n = 0;

  constructor(
    supergraphSdl: string,
    private readonly fixtures: Fixtures,
    /** Optional arguments a field still needs one of, by field name. */
    private readonly neededArgs: Record<string, string[]> = {},
  ) {
    this.schema = buildSchema(supergraphSdl, { assumeValidSDL: true });
  }

  /** The owning subgraph of a root field, from its `@join__field(graph: ...)`. */
  ownerOf(field: GraphQLField<unknown, unknown>): string {
    const join = field.astNode?.directives?.find((d) => d.name.value === 'join__field');
    const graph = join?.arguments?.find((a) => a.name.value === 'graph')?.value;
    if (graph?.kind !== Kind.ENUM) throw new Error(`${field.name} has no owning graph`);
    return graph.value.toLowerCase();
  }

  /** A valid value for an input position, named `field`, in a call answering `returns`. */
  baseline(type: GraphQLInputType, field: string, returns: GraphQLNamedType): unknown {
    const t = isNonNullType(type) ? type.ofType : type;
    if (isListType(t)) return [this.baseline(t.ofType, field.replace(/s$/, ''), returns)];
    if (isInputObjectType(t)) {
      const value: Record<string, unknown> = {};
      for (const f of Object.values(t.getFields()))
        if (isNonNullType(f.type) && f.defaultValue === undefined) value[f.name] = this.baseline(f.type, f.name, returns);
      return value;
    }
    if (isEnumType(t)) return t.getValues()[0]!.value as unknown;
    switch (t.name) {
      case 'ID': {
        const key = field === 'id' ? idOf(returns.name) : field;
        const id = this.fixtures[key];
        if (!id) throw new Error(`no fixture for ID "${field}" (looked for "${key}")`);
        return id;
      }
      case 'Int':
      case 'Float':
        return baselineInt(field);
      case 'Boolean':
        return false;
      case 'Date':
        return '2030-01-15';
      case 'DateTime':
        return '2030-01-15T09:30:00.000Z';
      default:
        return baselineString(field, ++this.n, returns.name);
    }
  }

  /** The hostile values for one input position. */
  private hostile(type: GraphQLInputType, field: string): [string, unknown][] {
    const named = getNamedType(type);
    const values: [string, unknown][] = [['null', null]];
    if (isInputObjectType(named) && !isListType(isNonNullType(type) ? type.ofType : type)) return [...values, ['a string', 'x']];
    if (isListType(isNonNullType(type) ? type.ofType : type)) return [...values, ['an object for a list', { a: 1 }]];
    if (isEnumType(named)) return [...values, ['unknown enum value', 'NOT_A_VALUE'], ['number for an enum', 7]];
    if (!isScalarType(named)) return values;
    if (named.name === 'Boolean') return [...values, ['string for a boolean', 'true']];
    if (named.name === 'Int' || named.name === 'Float') return [...values, ['string for a number', 'NaN'], ...INTS];
    values.push(['number for a string', 12345], ['object for a string', { a: 1 }], ...STRINGS);
    if (field === 'after') values.push(...CURSORS);
    if (named.name === 'Date' || named.name === 'DateTime' || DATE_FIELD.test(field)) values.push(...DATES);
    if (DECIMAL_FIELD.test(field)) values.push(...DECIMALS);
    return values;
  }

  /** Every input position under an argument: [path, type, field name]. */
  private positions(type: GraphQLInputType, path: Path, field: string, depth = 0): [Path, GraphQLInputType, string][] {
    const out: [Path, GraphQLInputType, string][] = [[path, type, field]];
    const t = isNonNullType(type) ? type.ofType : type;
    if (depth > 5) return out;
    if (isListType(t)) {
      const item = isNonNullType(t.ofType) ? t.ofType.ofType : t.ofType;
      if (isInputObjectType(item)) return [...out, ...this.positions(t.ofType, [...path, 0], field, depth + 1).slice(1)];
      return [...out, [[...path, 0], t.ofType, field]];
    }
    if (isInputObjectType(t))
      for (const f of Object.values(t.getFields())) out.push(...this.positions(f.type, [...path, f.name], f.name, depth + 1));
    return out;
  }

  /** `value` with `leaf` at `path`, building valid intermediate objects where the baseline has none. */
  private withValueAt(
    type: GraphQLInputType,
    value: unknown,
    path: Path,
    leaf: unknown,
    returns: GraphQLNamedType,
    field: string,
  ): unknown {
    if (path.length === 0) return leaf;
    const t = isNonNullType(type) ? type.ofType : type;
    if (isListType(t)) {
      const item = field.replace(/s$/, '');
      const list = Array.isArray(value) && value.length ? [...(value as unknown[])] : [this.baseline(t.ofType, item, returns)];
      list[0] = this.withValueAt(t.ofType, list[0], path.slice(1), leaf, returns, item);
      return list;
    }
    if (!isInputObjectType(t)) throw new Error(`cannot go into ${String(t)}`);
    const obj = { ...((value ?? this.baseline(t, field, returns)) as Record<string, unknown>) };
    const f = t.getFields()[path[0] as string]!;
    obj[f.name] = this.withValueAt(f.type, obj[f.name] ?? this.baseline(f.type, f.name, returns), path.slice(1), leaf, returns, f.name);
    return obj;
  }

  /**
   * One call of a field with these variables, one per argument given: an argument left out keeps
   * its default (a declared variable without a value would be refused before any resolver runs).
   */
  private call(target: Target, variables: Record<string, unknown>): HostileCase {
    const { field, parent } = target;
    const given = field.args.filter((a) => a.name in variables);
    const defs = given.map((a) => `$${a.name}: ${String(a.type)}`);
    const args = given.length ? `(${given.map((a) => `${a.name}: $${a.name}`).join(', ')})` : '';
    const inner = `${field.name}${args}${isObjectType(getNamedType(field.type)) ? ' { __typename }' : ''}`;
    const body = parent ? `${parent.field}(id: $parentId) { ${inner} }` : inner;
    if (parent) defs.push('$parentId: ID!');
    return {
      name: target.label,
      subgraph: target.subgraph,
      mutation: target.mutation,
      query: `${target.mutation ? 'mutation' : 'query'} Hostile${defs.length ? `(${defs.join(', ')})` : ''} { ${body} }`,
      variables: parent ? { ...variables, parentId: parent.id } : variables,
    };
  }

  /**
   * A field's arguments at their baselines: the required ones, and the optional ones a field needs
   * one of (`customerDuplicates` wants an email or a domain); the rest left to their defaults.
   */
  private baselineArgs(field: GraphQLField<unknown, unknown>): Record<string, unknown> {
    const needed = new Set(this.neededArgs[field.name] ?? []);
    const required = field.args.filter((a) => needed.has(a.name) || (isNonNullType(a.type) && a.defaultValue === undefined));
    return Object.fromEntries(required.map((a) => [a.name, this.baseline(a.type, a.name, getNamedType(field.type))]));
  }

  /** A valid call of the field: proof that a hostile case differs from an accepted call only by its hostile value. */
  baselineOf(target: Target): HostileCase {
    return { ...this.call(target, this.baselineArgs(target.field)), name: `${target.label} (baseline)` };
  }

  /** The calls of one field: one per (input position, hostile value). */
  casesOf(target: Target): HostileCase[] {
    const { field } = target;
    const returns = getNamedType(field.type);
    const base = this.baselineArgs(field);
    const cases: HostileCase[] = [];
    for (const arg of field.args)
      for (const [path, type, name] of this.positions(arg.type, [], arg.name))
        for (const [what, value] of this.hostile(type, name)) {
          const variables = { ...base, [arg.name]: this.withValueAt(arg.type, base[arg.name], path, value, returns, arg.name) };
          const c = this.call(target, variables);
          cases.push({ ...c, name: `${target.label} ${[arg.name, ...path].join('.')} = ${what}` });
        }
    return cases;
  }

  /** Every mutation. */
  mutations(): Target[] {
    const fields = Object.values(this.schema.getMutationType()!.getFields());
    return fields.map((field) => ({ field, mutation: true, subgraph: this.ownerOf(field), label: field.name }));
  }

  /**
   * Root query fields with arguments, and the fields with arguments of the types a root field
   * finds by id (`customer(id) { opportunities(after: ...) }`), reached through that root field.
   */
  queries(): Target[] {
    const root = Object.values(this.schema.getQueryType()!.getFields());
    const targets: Target[] = root
      .filter((field) => field.args.length)
      .map((field) => ({ field, mutation: false, subgraph: this.ownerOf(field), label: field.name }));
    for (const byId of root) {
      const type = getNamedType(byId.type);
      const onlyId = byId.args.length === 1 && byId.args[0]!.name === 'id';
      const id = isObjectType(type) ? this.fixtures[idOf(type.name)] : undefined;
      if (!onlyId || !isObjectType(type) || !id) continue;
      for (const field of Object.values(type.getFields()).filter((f) => f.args.length))
        targets.push({
          field,
          mutation: false,
          subgraph: this.ownerOf(byId),
          label: `${byId.name}.${field.name}`,
          parent: { field: byId.name, id },
        });
    }
    return targets;
  }

  /** A valid call of a mutation, answering `id`: how the suite makes its fixtures. */
  create(mutation: string, input: Record<string, unknown> = {}): { query: string; variables: Record<string, unknown> } {
    const field = this.schema.getMutationType()!.getFields()[mutation]!;
    const returns = getNamedType(field.type);
    const defs = field.args.map((a) => `$${a.name}: ${String(a.type)}`).join(', ');
    const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
    return {
      query: `mutation(${defs}) { ${mutation}(${args}) { id } }`,
      variables: Object.fromEntries(
        field.args.map((a) => {
          const value = this.baseline(a.type, a.name, returns);
          return [a.name, a.name === 'input' ? { ...(value as object), ...input } : value];
        }),
      ),
    };
  }
}
