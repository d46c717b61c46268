import { ApolloArmor } from '@escape.tech/graphql-armor';
import { badUserInput } from '@crm/graphql';
import { GraphQLError, Kind, visit, type DocumentNode, type OperationDefinitionNode, type ValidationContext } from 'graphql';
import type { GatewayConfig } from './config/gateway.config';

/**
 * graphql-armor words every refusal as "Syntax Error: ..."; the client gets it as what it is, a
 * validation error (GRAPHQL_VALIDATION_FAILED, HTTP 400) on a query that parsed.
 */
function reportAsValidationError(context: ValidationContext | null, error: GraphQLError): void {
  const refusal = new GraphQLError(error.message.replace(/^Syntax Error: /, ''));
  // Only a parse-time check has no validation context, and none of those is used here.
  if (!context) throw refusal;
  context.reportError(refusal);
}

/**
 * Depth, aliases, cost and directives (graphql-armor), checked before any subgraph is called. The
 * token limit is graphql-js's own (`parseOptions.maxTokens`, see tokenLimit): armor's re-parses
 * every document in a hook Apollo treats as a crash, so any syntax error answered HTTP 500.
 *
 * Cost: each field costs 1 (an object 2), times `first` for a page. Armor's default also multiplies
 * by 1.5 per level of nesting, which made a page of MAX_PAGE_SIZE connections with 8 fields cost
 * more than the default limit; depth has its own limit, so cost only counts what is fetched:
 * `opportunities(first: 100)` with a dozen scalars costs 1,800.
 */
export function armor(config: GatewayConfig) {
  const reject = { propagateOnRejection: false, onReject: [reportAsValidationError] };
  return new ApolloArmor({
    maxDepth: { n: config.MAX_DEPTH, ...reject },
    maxAliases: { n: config.MAX_ALIASES, ...reject },
    costLimit: { maxCost: config.MAX_COST, depthCostFactor: 1, ...reject },
    maxTokens: { enabled: false },
    maxDirectives: { n: 20, ...reject },
    blockFieldSuggestion: { enabled: true },
  }).protect();
}

/** Apollo's `parseOptions`: a document of more tokens than MAX_TOKENS is a parse error (GRAPHQL_PARSE_FAILED, 400). */
export const tokenLimit = (config: GatewayConfig) => ({ maxTokens: config.MAX_TOKENS });

/** A client's mistake found by a plugin: Apollo answers what a plugin throws with 500 unless told. */
function clientMistake(error: GraphQLError): GraphQLError {
  return new GraphQLError(error.message, { extensions: { ...error.extensions, http: { status: 400 } } });
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
    if (typeof value === 'number' && value > max) return clientMistake(badUserInput('first', `must be at most ${max}`));
  }
  return null;
}

interface ResolvedOperation {
  document: DocumentNode;
  operation?: OperationDefinitionNode;
  request: { variables?: Record<string, unknown>; operationName?: string };
}

/**
 * An `operationName` the document does not define (or none, for a document of several): refused
 * with BAD_USER_INPUT on `operationName`. Apollo lets it through to the gateway's executor, whose
 * "Unknown operation" was an internal error and HTTP 500.
 */
export function operationViolation(rc: ResolvedOperation): Error | null {
  if (rc.operation) return null;
  const name = rc.request.operationName;
  return clientMistake(
    badUserInput(
      'operationName',
      name ? `the document has no operation named "${name}"` : 'the document has several operations: say which one to run',
    ),
  );
}

/** The Apollo plugin applying operationViolation and pageSizeViolation once the operation is known. */
export function operationChecks(max: number) {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didResolveOperation: (rc: ResolvedOperation): Promise<void> => {
          const error = operationViolation(rc) ?? pageSizeViolation(rc.document, rc.request.variables, max);
          return error ? Promise.reject(error) : Promise.resolve();
        },
      }),
  };
}
