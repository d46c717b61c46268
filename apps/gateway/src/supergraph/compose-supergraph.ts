import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeServices } from '@apollo/composition';
import { SUBGRAPHS } from '@crm/registry';
import { parse } from 'graphql';
import { contractSubgraphs, type ContractTag } from './contract-subgraphs';

/** Where the supergraphs live, from the repository root (each subgraph's schema: the registry). */
export const supergraphFile = (root: string): string => path.join(root, 'apps', 'gateway', 'supergraph.graphql');
/** A contract's supergraph: `partner-supergraph.graphql`, `portal-supergraph.graphql`. */
export const contractSupergraphFile = (root: string, tag: ContractTag): string =>
  path.join(root, 'apps', 'gateway', `${tag}-supergraph.graphql`);

/**
 * Composes the committed subgraph schemas. The routing URLs written here are the in-cluster names;
 * each environment's gateway config points them elsewhere.
 */
export function composeSupergraph(
  root: string,
  contract: 'internal' | ContractTag = 'internal',
): { supergraphSdl: string } | { errors: string[] } {
  const subgraphs = SUBGRAPHS.map(({ name, schema }) => ({
    name,
    url: `http://${name}:4000/graphql`,
    typeDefs: parse(fs.readFileSync(path.join(root, schema), 'utf8')),
  }));
  const result = composeServices(contract === 'internal' ? subgraphs : contractSubgraphs(contract, subgraphs));
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { supergraphSdl: result.supergraphSdl };
}
