import {
  Kind,
  type DirectiveNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type InputValueDefinitionNode,
  type SchemaDefinitionNode,
  type SchemaExtensionNode,
  type NamedTypeNode,
  type TypeNode,
} from 'graphql';

/** The contracts the gateway serves beside the whole graph: each is what one tag (`@tag(name: ...)`) marks. */
export const CONTRACT_TAGS = ['partner', 'portal'] as const;
export type ContractTag = (typeof CONTRACT_TAGS)[number];
const ROOT_TYPES = new Set(['Query', 'Mutation', 'Subscription']);

const isTagged = (tag: ContractTag, directives: readonly DirectiveNode[] | undefined): boolean =>
  (directives ?? []).some(
    (d) =>
      d.name.value === 'tag' && d.arguments?.some((a) => a.name.value === 'name' && a.value.kind === Kind.STRING && a.value.value === tag),
  );

/** The top-level fields of every @key (nested key selections are not used in this graph). */
function keyFields(directives: readonly DirectiveNode[] | undefined): Set<string> {
  const keys = new Set<string>();
  for (const d of directives ?? []) {
    if (d.name.value !== 'key') continue;
    const fields = d.arguments?.find((a) => a.name.value === 'fields')?.value;
    if (fields?.kind === Kind.STRING) for (const f of fields.value.split(/[\s{}]+/).filter(Boolean)) keys.add(f);
  }
  return keys;
}

const namedType = (t: TypeNode): string => (t.kind === Kind.NAMED_TYPE ? t.name.value : namedType(t.type));

type TypeDefinition = Extract<DefinitionNode, { name: { value: string } }> & { kind: string };
type WithFields = TypeDefinition & { fields?: readonly FieldDefinitionNode[] };

const isTypeDefinition = (d: DefinitionNode): d is TypeDefinition =>
  'name' in d && d.kind !== Kind.DIRECTIVE_DEFINITION && d.kind !== Kind.OPERATION_DEFINITION && d.kind !== Kind.FRAGMENT_DEFINITION;

/**
 * The fields of an object or interface type that belong in the contract: on root types only
 * tagged fields; on a tagged type all fields; on an untagged entity, or a type with some fields
 * tagged, those fields and its key; value types (connections, edges, PageInfo) whole, when
 * something in the contract reaches them.
 */
function contractFields(tag: ContractTag, def: WithFields): readonly FieldDefinitionNode[] | undefined {
  if (!def.fields) return undefined;
  const name = def.name.value;
  const tagged = (f: FieldDefinitionNode) => isTagged(tag, f.directives);
  if (ROOT_TYPES.has(name)) return def.fields.filter(tagged);
  if (isTagged(tag, def.directives)) return def.fields;
  const keys = keyFields(def.directives);
  if (keys.size > 0 || def.fields.some(tagged)) return def.fields.filter((f) => tagged(f) || keys.has(f.name.value));
  return def.fields;
}

/**
 * The tagged fields of an input. A required field without a default left out would make the input
 * impossible to send through the contract, so that is a mistake in the tags, said at build time.
 */
function contractInputFields(
  tag: ContractTag,
  type: string,
  fields: readonly InputValueDefinitionNode[],
): readonly InputValueDefinitionNode[] {
  const required = fields.filter((f) => !isTagged(tag, f.directives) && f.type.kind === Kind.NON_NULL_TYPE && !f.defaultValue);
  if (required.length > 0)
    throw new Error(`${type}: the ${tag} contract leaves out required ${required.map((f) => f.name.value).join(', ')}; tag it too`);
  return fields.filter((f) => isTagged(tag, f.directives));
}

function referencedTypes(def: TypeDefinition, fields: readonly FieldDefinitionNode[] | undefined): string[] {
  const out: string[] = [];
  for (const f of fields ?? []) {
    out.push(namedType(f.type));
    for (const a of f.arguments ?? []) out.push(namedType(a.type));
  }
  if (def.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION) {
    for (const f of (def as { fields?: readonly InputValueDefinitionNode[] }).fields ?? []) out.push(namedType(f.type));
  }
  return out;
}

type UnionDefinition = TypeDefinition & { types?: readonly NamedTypeNode[] };
const isUnion = (d: DefinitionNode): d is UnionDefinition => d.kind === Kind.UNION_TYPE_DEFINITION || d.kind === Kind.UNION_TYPE_EXTENSION;

/**
 * A `schema { query: Query mutation: Mutation }` (as @apollo/subgraph 2.15 prints it) may name a
 * root type the contract left out: it keeps its @link and the roots that are left, as the
 * `extend schema @link(...)` that composition reads either way.
 */
function withRootsOf(schema: SchemaDefinitionNode, keptTypes: Set<string>): SchemaExtensionNode {
  const operationTypes = schema.operationTypes.filter((o) => keptTypes.has(o.type.name.value));
  return { kind: Kind.SCHEMA_EXTENSION, directives: schema.directives, operationTypes };
}

/**
 * A contract of the graph (the partner's, the portal's), built from the same subgraph schemas as
 * the supergraph: each subgraph keeps only what the tag (and what it reaches) allows; a subgraph
 * left with nothing is left out. Composing the result gives a supergraph whose API schema has no
 * internal field at all, so the contract's callers cannot even name one.
 */
export function contractSubgraphs<S extends { name: string; typeDefs: DocumentNode }>(tag: ContractTag, subgraphs: S[]): S[] {
  let filtered: { subgraph: S; defs: DefinitionNode[] }[] = subgraphs.map((s) => ({
    subgraph: s,
    defs: s.typeDefs.definitions.map((d): DefinitionNode => {
      if (d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.INTERFACE_TYPE_DEFINITION)
        return { ...d, fields: contractFields(tag, d) };
      // An enum with some values tagged keeps only those, as a type with some fields tagged does
      // (search's kinds: a partner names only the kinds it may read).
      if (d.kind === Kind.ENUM_TYPE_DEFINITION && d.values?.some((v) => isTagged(tag, v.directives)))
        return { ...d, values: d.values.filter((v) => isTagged(tag, v.directives)) };
      // So does an input with some fields tagged (the portal's OpenCaseInput: a customer never names a queue or an agent).
      if (d.kind === Kind.INPUT_OBJECT_TYPE_DEFINITION && d.fields?.some((f) => isTagged(tag, f.directives)))
        return { ...d, fields: contractInputFields(tag, d.name.value, d.fields) };
      return d;
    }),
  }));

  // A union does not bring its members in (unless the union itself is tagged): a member is in the
  // contract only if something else there reaches it, and the union keeps only those members. A
  // union left with no member is dropped, and so is every field returning it; that may leave other
  // types unreached, so this runs until nothing more is dropped.
  let reached = reachedTypes(tag, filtered);
  for (;;) {
    const empty = new Set<string>();
    filtered = filtered.map(({ subgraph, defs }) => ({
      subgraph,
      defs: defs.map((d) => {
        if (!isUnion(d) || isTagged(tag, d.directives)) return d;
        const types = (d.types ?? []).filter((t) => reached.has(t.name.value));
        if (types.length === 0) empty.add(d.name.value);
        return types.length === (d.types ?? []).length ? d : { ...d, types };
      }),
    }));
    if (empty.size === 0) break;
    filtered = filtered.map(({ subgraph, defs }) => ({
      subgraph,
      defs: defs
        .filter((d) => !(isUnion(d) && empty.has(d.name.value)))
        .map((d) => {
          const fields = isTypeDefinition(d) ? (d as WithFields).fields : undefined;
          return fields?.some((f) => empty.has(namedType(f.type)))
            ? ({ ...d, fields: fields.filter((f) => !empty.has(namedType(f.type))) } as DefinitionNode)
            : d;
        }),
    }));
    reached = reachedTypes(tag, filtered);
  }

  return filtered.flatMap(({ subgraph, defs }) => {
    const kept = defs.filter((d) => {
      if (!isTypeDefinition(d)) return true;
      const fields = (d as WithFields).fields;
      return reached.has(d.name.value) && (fields === undefined || fields.length > 0);
    });
    if (!kept.some((d) => d.kind === Kind.OBJECT_TYPE_DEFINITION)) return [];
    const keptTypes = new Set(kept.filter(isTypeDefinition).map((d) => d.name.value));
    const definitions = kept.map((d) => (d.kind === Kind.SCHEMA_DEFINITION ? withRootsOf(d, keptTypes) : d));
    return [{ ...subgraph, typeDefs: { ...subgraph.typeDefs, definitions } }];
  });
}

/**
 * What the contract reaches, across every subgraph: from the tagged root fields outwards, and
 * from the directive definitions, which are all kept: a subgraph that prints the @link and
 * federation specs' definitions (as @apollo/subgraph 2.15 does) needs their argument types
 * (link__Purpose, federation__FieldSet...) too, or its schema no longer builds. A union's members
 * are followed only when the union itself is tagged.
 */
function reachedTypes(tag: ContractTag, filtered: { defs: readonly DefinitionNode[] }[]): Set<string> {
  const byName = new Map<string, TypeDefinition[]>();
  const queue: string[] = [];
  for (const { defs } of filtered) {
    for (const d of defs) {
      if (isTypeDefinition(d)) byName.set(d.name.value, [...(byName.get(d.name.value) ?? []), d]);
      if (d.kind === Kind.DIRECTIVE_DEFINITION) queue.push(...(d.arguments ?? []).map((a) => namedType(a.type)));
    }
  }
  const reached = new Set<string>();
  queue.push(...[...ROOT_TYPES].filter((r) => (byName.get(r) ?? []).some((d) => ((d as WithFields).fields ?? []).length > 0)));
  while (queue.length) {
    const name = queue.pop()!;
    if (reached.has(name)) continue;
    reached.add(name);
    for (const d of byName.get(name) ?? []) {
      queue.push(...referencedTypes(d, (d as WithFields).fields));
      if (isUnion(d) && isTagged(tag, d.directives)) queue.push(...(d.types ?? []).map((t) => t.name.value));
    }
  }
  return reached;
}
