import type { GraphQLDataSource, GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { injectTraceHeaders, REQUEST_ID_HEADER } from '@crm/observability';
import { Kind, parse, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import type { SubgraphPost } from './subgraph-fetcher';

export interface GatewayContext {
  requestId: string;
  /** The caller's verified token, forwarded so each subgraph verifies it again. */
  token: string;
}

type GatewayGraphQLResponse = Awaited<ReturnType<GraphQLDataSource['process']>>;

/** Public code for fields whose subgraph could not be reached in time. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

/**
 * A subgraph operation that only reads: the query planner writes `query ...` or `{ ... }`, and a
 * mutation always starts with its keyword. Read from the text, so no call parses its operation.
 */
export const isQueryOperation = (query: string): boolean => /^\s*(\{|query\b)/.test(query);

function responseKeys(selectionSet: SelectionSetNode): string[] {
  return selectionSet.selections.flatMap((s) => {
    if (s.kind === Kind.FIELD) return s.name.value === '__typename' ? [] : [s.alias?.value ?? s.name.value];
    if (s.kind === Kind.INLINE_FRAGMENT) return responseKeys(s.selectionSet);
    return [];
  });
}

/**
 * One error per field the subgraph was asked for, at the subgraph's own paths. The gateway maps
 * those onto the client's paths (`_entities.3.cases` becomes `customers.edges.3.node.cases`), so the
 * client sees exactly which fields are missing and keeps everything else.
 */
export function unavailableErrors(query: string, variables: Record<string, unknown> | undefined): GraphQLFormattedError[] {
  const operation = parse(query).definitions.find((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  if (!operation) return [];
  const error = (path: (string | number)[]): GraphQLFormattedError => ({
    message: 'This part of the graph is temporarily unavailable',
    path,
    extensions: { code: SERVICE_UNAVAILABLE },
  });
  return operation.selectionSet.selections.flatMap((root) => {
    if (root.kind !== Kind.FIELD) return [];
    const key = root.alias?.value ?? root.name.value;
    if (root.name.value !== '_entities' || !root.selectionSet) return [error([key])];
    const representations = Array.isArray(variables?.representations) ? variables.representations : [];
    const fields = responseKeys(root.selectionSet);
    return representations.flatMap((_, i) => fields.map((f) => error([key, i, f])));
  });
}

/**
 * Calls one subgraph: passes on the request id, the verified token and the W3C trace context (and
 * nothing else the client sent), gives up after the fetcher's timeout, and turns an unreachable or failing subgraph into
 * path-scoped errors instead of one error for the whole query.
 *
 * It implements GraphQLDataSource itself rather than extending RemoteGraphQLDataSource: that class
 * builds node-fetch Headers and a Request per call (which our fetcher never used) and parses
 * cache-control headers we do not honour; this is the whole of what a call needs.
 */
export class SubgraphDataSource implements GraphQLDataSource<GatewayContext> {
  constructor(
    private readonly url: string,
    private readonly post: SubgraphPost,
    private readonly onUnavailable: (error: unknown, requestId: string | undefined) => void,
  ) {}

  async process({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): Promise<GatewayGraphQLResponse> {
    const { requestId, token } = context as Partial<GatewayContext>;
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (requestId) headers[REQUEST_ID_HEADER] = requestId;
    if (token) headers.authorization = `Bearer ${token}`;
    injectTraceHeaders(headers);
    try {
      if (!request.query) throw new Error('Missing query');
      const body = JSON.stringify({
        query: request.query,
        variables: request.variables,
        operationName: request.operationName,
        extensions: request.extensions,
      });
      const answer = await this.post(this.url, body, headers, isQueryOperation(request.query));
      // A 400 with GraphQL errors is the subgraph refusing the client's input before it ran (a
      // variable its scalar refused, say): the client's mistake, passed on as such, not an outage.
      const refusedInput = answer.status === 400 && isGraphQLErrorAnswer(answer.body);
      if (!refusedInput && (answer.status < 200 || answer.status >= 300))
        throw new Error(`subgraph ${this.url} answered ${answer.status}: ${answer.body.slice(0, 300)}`);
      const parsed = JSON.parse(answer.body) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
        throw new Error(`subgraph ${this.url} answered a body that is not a GraphQL response`);
      return parsed;
    } catch (error) {
      this.onUnavailable(error, requestId);
      return { errors: unavailableErrors(request.query ?? '', request.variables) };
    }
  }
}

/** A GraphQL answer carrying errors and no data: what a server sends for a request it would not run. */
function isGraphQLErrorAnswer(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { errors?: unknown; data?: unknown } | null;
    return !!parsed && Array.isArray(parsed.errors) && parsed.errors.length > 0 && parsed.data == null;
  } catch {
    return false;
  }
}
