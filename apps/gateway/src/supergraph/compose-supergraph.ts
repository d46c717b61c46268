import * as fs from 'node:fs';
import * as path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { partnerContractSubgraphs } from './partner-contract';

export const SUBGRAPHS = ['sales', 'marketing', 'service', 'partners', 'analytics'] as const;

/** Where the committed subgraph schemas and the supergraph live, from the repository root. */
export const subgraphSchemaFile = (root: string, name: string): string => path.join(root, 'apps', name, 'schema.graphql');
export const supergraphFile = (root: string): string => path.join(root, 'apps', 'gateway', 'supergraph.graphql');
export const partnerSupergraphFile = (root: string): string => path.join(root, 'apps', 'gateway', 'partner-supergraph.graphql');

/**
 * Composes the committed subgraph schemas. The routing URLs written here are the in-cluster names;
 * each environment's gateway config points them elsewhere.
 */
export function composeSupergraph(
  root: string,
  contract: 'internal' | 'partner' = 'internal',
): { supergraphSdl: string } | { errors: string[] } {
  const subgraphs = SUBGRAPHS.map((name) => ({
    name,
    url: `http://${name}:4000/graphql`,
    typeDefs: parse(fs.readFileSync(subgraphSchemaFile(root, name), 'utf8')),
  }));
  const result = composeServices(contract === 'partner' ? partnerContractSubgraphs(subgraphs) : subgraphs);
  if (result.errors) return { errors: result.errors.map((e) => e.message) };
  return { supergraphSdl: result.supergraphSdl };
}
