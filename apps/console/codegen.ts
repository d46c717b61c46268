import { createHash } from 'node:crypto';
import * as path from 'node:path';
import type { CodegenConfig } from '@graphql-codegen/cli';
import { apiSchemaSdl } from './codegen/api-schema';
import { typenameBelowRoot } from './codegen/typename-below-root';

const ROOT = path.resolve(__dirname, '../..');
const at = (p: string) => path.join(__dirname, p);

const config = {
  // Scalars arrive as JSON strings (Date "YYYY-MM-DD", DateTime ISO 8601); enums as string unions keep the bundle free of objects.
  scalars: { Date: 'string', DateTime: 'string' },
  enumsAsTypes: true,
  useTypeImports: true,
};

/**
 * A contract endpoint's portal (the partner portal, the customer portal): its operations typed
 * against the contract the endpoint serves, and their manifest, which is the gateway's safelist of
 * that endpoint (apps/gateway/partner-operations.json, apps/gateway/portal-operations.json).
 */
const contract = (dir: string, supergraph: string) => ({
  schema: apiSchemaSdl(path.join(ROOT, supergraph)),
  documents: [at(`${dir}/**/*.{ts,tsx}`), `!${at(`${dir}/gql/**`)}`],
  preset: 'client' as const,
  // Apollo's cache adds __typename to what it sends; the safelisted documents carry it already.
  documentTransforms: [typenameBelowRoot],
  // Keyed by the bare sha256 of the document, the gateway's safelist format (persisted-operations.ts).
  presetConfig: {
    fragmentMasking: false,
    persistedDocuments: { hashAlgorithm: (doc: string) => createHash('sha256').update(doc).digest('hex') },
  },
  config,
});

/** Typed operations for the console and for its two portals, from the committed supergraphs. */
const codegen: CodegenConfig = {
  overwrite: true,
  ignoreNoDocuments: false,
  generates: {
    [at('src/gql/')]: {
      schema: apiSchemaSdl(path.join(ROOT, 'apps/gateway/supergraph.graphql')),
      documents: [at('src/**/*.{ts,tsx}'), `!${at('src/partner/**')}`, `!${at('src/portal/**')}`, `!${at('src/**/gql/**')}`],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config,
    },
    [at('src/partner/gql/')]: contract('src/partner', 'apps/gateway/partner-supergraph.graphql'),
    [at('src/portal/gql/')]: contract('src/portal', 'apps/gateway/portal-supergraph.graphql'),
  },
};

export default codegen;
