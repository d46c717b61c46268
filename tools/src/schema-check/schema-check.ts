import { compose } from '@apollo/composition';
import { buildSubgraph, Subgraphs, Supergraph } from '@apollo/federation-internals';
import { CriticalityLevel, diff, type Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';

/** A breaking change the team means to ship (listed in the accepted-changes file). */
export interface AcceptedChange {
  subgraph: string;
  /** graphql-inspector's change type, e.g. FIELD_REMOVED, FIELD_ARGUMENT_ADDED. */
  type: string;
  /** The schema coordinate, e.g. Customer.name or Query.customers.region. */
  path: string;
  /** Why clients will not be hurt (they were migrated, the field was never used...). */
  reason: string;
}

export interface ReportedChange {
  type: string;
  path: string;
  message: string;
  level: 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';
  accepted: boolean;
}

export interface SchemaCheckResult {
  subgraph: string;
  /** Composition errors: the new schema does not compose with the other deployed subgraphs. */
  compositionErrors: string[];
  /** What clients of the composed API would see, descriptions left out. */
  changes: ReportedChange[];
  /** Composes, and every breaking change is accepted. */
  ok: boolean;
}

/**
 * Checks one subgraph's new schema against the supergraph that is deployed: the other subgraphs
 * are taken from that supergraph as they are, the new schema replaces (or adds) this one, and the
 * result must compose. Then the client-facing API of the deployed graph and of the new one are
 * compared with graphql-inspector: removed or retyped fields, arguments made required, removed
 * enum values... are breaking, and fail the check unless accepted.
 */
export async function checkSubgraphSchema(opts: {
  subgraph: string;
  newSchemaSdl: string;
  supergraphSdl: string;
  accepted?: AcceptedChange[];
  /** Routing URL for a subgraph the deployed supergraph does not have yet. */
  url?: string;
}): Promise<SchemaCheckResult> {
  const deployed = Supergraph.build(opts.supergraphSdl).subgraphs();
  const url = deployed.get(opts.subgraph)?.url ?? opts.url ?? `http://${opts.subgraph}/graphql`;

  // The deployed graph recomposed from the subgraphs it contains: the same API, with what
  // extraction drops (descriptions of other subgraphs) dropped on both sides of the comparison.
  const before = composeApi(deployed);
  if ('errors' in before) throw new Error(`the deployed supergraph does not recompose:\n${before.errors.join('\n')}`);

  const candidate = new Subgraphs();
  for (const s of deployed) if (s.name !== opts.subgraph) candidate.add(s);
  let next: Composed;
  try {
    candidate.add(buildSubgraph(opts.subgraph, url, opts.newSchemaSdl));
    next = composeApi(candidate);
  } catch (e) {
    next = { errors: [(e as Error).message] };
  }
  if ('errors' in next) return { subgraph: opts.subgraph, compositionErrors: next.errors, changes: [], ok: false };

  const accepted = (opts.accepted ?? []).filter((a) => a.subgraph === opts.subgraph);
  const changes = (await diff(before.api, next.api))
    .filter((c) => !String(c.type).includes('DESCRIPTION'))
    .map((c): ReportedChange => {
      const path = c.path ?? '';
      return {
        type: String(c.type),
        path,
        message: c.message,
        level: level(c),
        accepted: accepted.some((a) => a.type === c.type && a.path === path),
      };
    });
  return {
    subgraph: opts.subgraph,
    compositionErrors: [],
    changes,
    ok: changes.every((c) => c.level !== 'BREAKING' || c.accepted),
  };
}

type Composed = { api: GraphQLSchema } | { errors: string[] };

function composeApi(subgraphs: Subgraphs): Composed {
  const result = compose(subgraphs);
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { api: Supergraph.build(result.supergraphSdl).apiSchema().toGraphQLJSSchema() };
}

function level(c: Change): ReportedChange['level'] {
  if (c.criticality.level === CriticalityLevel.Breaking) return 'BREAKING';
  if (c.criticality.level === CriticalityLevel.Dangerous) return 'DANGEROUS';
  return 'NON_BREAKING';
}

/** The report a person reads in CI. */
export function formatResult(r: SchemaCheckResult): string {
  if (r.compositionErrors.length) {
    return `✗ ${r.subgraph}: does not compose with the deployed subgraphs\n${r.compositionErrors.map((e) => `    ${e}`).join('\n')}`;
  }
  const lines = r.changes.map((c) => {
    const mark = c.level === 'BREAKING' ? (c.accepted ? 'accepted breaking' : 'BREAKING') : c.level.toLowerCase().replace('_', '-');
    return `    [${mark}] ${c.type} ${c.path}: ${c.message}`;
  });
  const breaking = r.changes.filter((c) => c.level === 'BREAKING' && !c.accepted).length;
  const head = r.ok
    ? `✓ ${r.subgraph}: composes; ${r.changes.length ? `${r.changes.length} change(s), none breaking unless accepted` : 'no change clients can see'}`
    : `✗ ${r.subgraph}: composes, but ${breaking} breaking change(s) for clients are not marked as intended`;
  return [head, ...lines].join('\n');
}
