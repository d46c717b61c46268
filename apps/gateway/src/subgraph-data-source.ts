import { RemoteGraphQLDataSource, type GraphQLDataSourceProcessOptions } from '@apollo/gateway';
import { REQUEST_ID_HEADER } from '@crm/observability';
import { Kind, parse, type GraphQLFormattedError, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

export interface GatewayContext {
  requestId: string;
  /** The caller's verified token, forwarded so each subgraph verifies it again. */
  token: string;
}

/** Public code for fields whose subgraph could not be reached in time. */
export const SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE';

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
 * Calls one subgraph: passes the request id on, gives up after the configured timeout, and turns an
 * unreachable subgraph into path-scoped errors instead of one error for the whole query.
 */
export class SubgraphDataSource extends RemoteGraphQLDataSource<GatewayContext> {
  constructor(
    config: ConstructorParameters<typeof RemoteGraphQLDataSource<GatewayContext>>[0],
    private readonly onUnavailable: (error: unknown, requestId: string | undefined) => void,
  ) {
    super(config);
  }

  /** Only what the gateway itself vouches for goes downstream: the request id and the verified token. */
  override willSendRequest({ request, context }: GraphQLDataSourceProcessOptions<GatewayContext>): void {
    const { requestId, token } = context as Partial<GatewayContext>;
    if (requestId) request.http?.headers.set(REQUEST_ID_HEADER, requestId);
    if (token) request.http?.headers.set('authorization', `Bearer ${token}`);
  }

  override async process(options: GraphQLDataSourceProcessOptions<GatewayContext>) {
    try {
      return await super.process(options);
    } catch (error) {
      this.onUnavailable(error, (options.context as Partial<GatewayContext>).requestId);
      return { errors: unavailableErrors(options.request.query ?? '', options.request.variables) };
    }
  }
}
