import type { Types } from '@graphql-codegen/plugin-helpers';
import { Kind, visit, type ASTNode, type FieldNode } from 'graphql';

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/**
 * Selects __typename in every selection set but the operation's own, as Apollo Client's cache
 * does to what it sends: the safelisted documents then answer what the cache needs, and a root
 * field's answer stays exactly the field (no `"__typename": "Query"` beside it).
 */
export const typenameBelowRoot: Types.DocumentTransformObject = {
  transform: ({ documents }) =>
    documents.map((file) => ({
      ...file,
      document:
        file.document &&
        visit(file.document, {
          SelectionSet(node, _key, parent) {
            if ((parent as ASTNode | undefined)?.kind === Kind.OPERATION_DEFINITION) return undefined;
            if (node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === '__typename')) return undefined;
            return { ...node, selections: [TYPENAME, ...node.selections] };
          },
        }),
    })),
};
