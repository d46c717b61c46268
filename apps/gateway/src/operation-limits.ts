import { ApolloArmor } from '@escape.tech/graphql-armor';
import { badUserInput } from '@crm/graphql';
import { Kind, visit, type DocumentNode } from 'graphql';
import type { GatewayConfig } from './config/gateway.config';

/** Depth, aliases, cost, tokens and directives (graphql-armor), checked before any subgraph is called. */
export function armor(config: GatewayConfig) {
  return new ApolloArmor({
    maxDepth: { n: config.MAX_DEPTH },
    maxAliases: { n: config.MAX_ALIASES },
    costLimit: { maxCost: config.MAX_COST },
    maxTokens: { n: config.MAX_TOKENS },
    maxDirectives: { n: 20 },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/**
 * The `first` of any list above `max`, written inline or passed as a variable: refused with
 * BAD_USER_INPUT on `first` before the query is planned, never silently truncated.
 */
export function pageSizeViolation(document: DocumentNode, variables: Record<string, unknown> | undefined, max: number): Error | null {
  let found: Error | null = null;
  visit(document, {
    Argument(node) {
      if (found || node.name.value !== 'first') return;
      const v = node.value;
      const value = v.kind === Kind.INT ? Number(v.value) : v.kind === Kind.VARIABLE ? variables?.[v.name.value] : undefined;
      if (typeof value === 'number' && value > max) found = badUserInput('first', `must be at most ${max}`);
    },
  });
  return found;
}

/** The Apollo plugin applying pageSizeViolation once the operation is known. */
export function pageSizeLimit(max: number) {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: (rc: { document: DocumentNode; request: { variables?: Record<string, unknown> } }): Promise<void> => {
          const error = pageSizeViolation(rc.document, rc.request.variables, max);
          return error ? Promise.reject(error) : Promise.resolve();
        },
      }),
  };
}
