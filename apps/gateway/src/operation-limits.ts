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

/** Where an operation says `first`: an inline number or the name of a variable. */
type PageSize = { value: number } | { variable: string };

// Apollo's document store hands back the same DocumentNode for a repeated operation, so each is walked once.
const pageSizesOf = new WeakMap<DocumentNode, PageSize[]>();

function pageSizes(document: DocumentNode): PageSize[] {
  let sizes = pageSizesOf.get(document);
  if (sizes) return sizes;
  const found: PageSize[] = [];
  visit(document, {
    Argument(node) {
      if (node.name.value !== 'first') return;
      if (node.value.kind === Kind.INT) found.push({ value: Number(node.value.value) });
      else if (node.value.kind === Kind.VARIABLE) found.push({ variable: node.value.name.value });
    },
  });
  pageSizesOf.set(document, (sizes = found));
  return sizes;
}

/**
 * The `first` of any list above `max`, written inline or passed as a variable: refused with
 * BAD_USER_INPUT on `first` before the query is planned, never silently truncated.
 */
export function pageSizeViolation(document: DocumentNode, variables: Record<string, unknown> | undefined, max: number): Error | null {
  for (const size of pageSizes(document)) {
    const value = 'value' in size ? size.value : variables?.[size.variable];
    if (typeof value === 'number' && value > max) return badUserInput('first', `must be at most ${max}`);
  }
  return null;
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
