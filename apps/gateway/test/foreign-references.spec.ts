import * as fs from 'node:fs';
import { Kind, parse, type ConstDirectiveNode, type ObjectTypeDefinitionNode, type TypeNode } from 'graphql';
import { DEFAULT_SUPERGRAPH_FILE } from '../src/gateway.server';

/**
 * A subgraph that holds only a reference to another service's record (a segment's customer, a
 * search hit's record) cannot promise the record still exists: its owner answers it when it is
 * read, and answers null once it is deleted or merged away, before the holder hears of that. On a
 * non-null field that null climbs to the nearest nullable parent, and the gateway answers the
 * whole parent as null with no error at all (a whole search, a whole segment). So such fields are
 * nullable, and this keeps them so.
 *
 * The record's owner is the subgraph that resolves most of its type's fields (sales for Customer).
 * A union stands for records of several owners, so a field of one is foreign wherever it is.
 */
const doc = parse(fs.readFileSync(DEFAULT_SUPERGRAPH_FILE, 'utf8'));
const definitions = new Map(doc.definitions.flatMap((d) => ('name' in d && d.name ? [[d.name.value, d] as const] : [])));

const argument = (d: ConstDirectiveNode, name: string) => {
  const value = d.arguments?.find((a) => a.name.value === name)?.value;
  return value && 'value' in value ? String(value.value) : undefined;
};
const directives = (node: { directives?: readonly ConstDirectiveNode[] }, name: string) =>
  (node.directives ?? []).filter((d) => d.name.value === name);
const graphsOf = (type: ObjectTypeDefinitionNode) => directives(type, 'join__type').map((d) => argument(d, 'graph')!);

/** The subgraph that resolves most of an entity type's fields; null for a type that is no entity. */
function ownerOf(name: string): string | null {
  const type = definitions.get(name);
  if (type?.kind !== Kind.OBJECT_TYPE_DEFINITION) return null;
  if (!directives(type, 'join__type').some((d) => argument(d, 'key'))) return null;
  const fields = new Map<string, number>();
  for (const field of type.fields ?? []) {
    const joined = directives(field, 'join__field').map((d) => argument(d, 'graph'));
    for (const graph of joined.length ? joined : graphsOf(type)) if (graph) fields.set(graph, (fields.get(graph) ?? 0) + 1);
  }
  return [...fields].sort((a, b) => b[1] - a[1])[0]![0];
}

/**
 * A field's record type when the place the record itself stands is non-null: the field, or the
 * items of its list (one stale item then nulls the whole list). A nullable item just reads null.
 */
function nonNullRecord(type: TypeNode): string | null {
  const outer = type.kind === Kind.NON_NULL_TYPE ? type.type : type;
  const place = outer.kind === Kind.LIST_TYPE ? outer.type : type;
  return place.kind === Kind.NON_NULL_TYPE && place.type.kind === Kind.NAMED_TYPE ? place.type.name.value : null;
}

function foreignNonNullReferences(): string[] {
  const found: string[] = [];
  for (const type of doc.definitions) {
    if (type.kind !== Kind.OBJECT_TYPE_DEFINITION) continue;
    for (const field of type.fields ?? []) {
      const record = nonNullRecord(field.type);
      if (!record) continue;
      const union = definitions.get(record)?.kind === Kind.UNION_TYPE_DEFINITION;
      const owner = union ? null : ownerOf(record);
      if (!union && !owner) continue;
      const joined = directives(field, 'join__field').map((d) => argument(d, 'graph')!);
      const servedBy = joined.length ? joined : graphsOf(type);
      if (union || !servedBy.includes(owner!)) found.push(`${type.name.value}.${field.name.value} (${servedBy.join(', ')}) → ${record}`);
    }
  }
  return found;
}

describe("the supergraph's references to other services' records", () => {
  it('finds the owner of the records other subgraphs hold references to', () => {
    expect(['Customer', 'Lead', 'Case', 'Partner', 'Opportunity'].map(ownerOf)).toEqual([
      'SALES',
      'MARKETING',
      'SERVICE',
      'PARTNERS',
      'SALES',
    ]);
  });

  it('has no non-null field holding another service’s record, which would null its whole parent when the record is gone', () => {
    expect(foreignNonNullReferences()).toEqual([]);
  });

  it('counts a record as non-null where the field, or each item of its list, cannot be null', () => {
    const typeOf = (sdl: string) => {
      const field = parse(`type T { f: ${sdl} }`).definitions[0] as ObjectTypeDefinitionNode;
      return field.fields![0]!.type;
    };
    expect(
      ['Customer', 'Customer!', '[Customer]', '[Customer]!', '[Customer!]', '[Customer!]!'].map((t) => nonNullRecord(typeOf(t))),
    ).toEqual([null, 'Customer', null, null, 'Customer', 'Customer']);
  });
});
