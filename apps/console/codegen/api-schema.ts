import * as fs from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { printSchema } from 'graphql';

/**
 * The schema a client of the gateway sees for a committed supergraph file: without the join
 * directives and @inaccessible fields, exactly what the gateway serves, so the generated types
 * never offer a field the gateway would refuse.
 */
export function apiSchemaSdl(supergraphFile: string): string {
  return printSchema(Supergraph.build(fs.readFileSync(supergraphFile, 'utf8')).apiSchema().toGraphQLJSSchema());
}
