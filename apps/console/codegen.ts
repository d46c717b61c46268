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
 * Typed operations for the console and for the partner portal, from the committed supergraphs.
 * The portal's operations are typed against the partner contract (what /partner/graphql serves)
 * and their manifest is the gateway's partner safelist (apps/gateway/partner-operations.json).
 */
const codegen: CodegenConfig = {
  overwrite: true,
  ignoreNoDocuments: false,
  generates: {
    [at('src/gql/')]: {
      schema: apiSchemaSdl(path.join(ROOT, 'apps/gateway/supergraph.graphql')),
      documents: [at('src/**/*.{ts,tsx}'), `!${at('src/partner/**')}`, `!${at('src/**/gql/**')}`],
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config,
    },
    [at('src/partner/gql/')]: {
      schema: apiSchemaSdl(path.join(ROOT, 'apps/gateway/partner-supergraph.graphql')),
      documents: [at('src/partner/**/*.{ts,tsx}'), `!${at('src/partner/gql/**')}`],
      preset: 'client',
      // Apollo's cache adds __typename to what it sends; the safelisted documents carry it already.
      documentTransforms: [typenameBelowRoot],
      // Keyed by the bare sha256 of the document, the gateway's safelist format (persisted-operations.ts).
      presetConfig: {
        fragmentMasking: false,
        persistedDocuments: { hashAlgorithm: (doc: string) => createHash('sha256').update(doc).digest('hex') },
      },
      config,
    },
  },
};

export default codegen;
