import type { GraphQLError, GraphQLFormattedError } from 'graphql';
import { isPublicCode, publicCodeOf } from './errors';

interface RequestContextLike<C> {
  contextValue: C;
  errors?: readonly GraphQLError[];
  response: { body?: { kind: string; singleResult?: { errors?: readonly GraphQLFormattedError[] } } };
}

/**
 * An Apollo plugin that ties errors to the request: each internal error is logged with its detail
 * and the request id; with `exposeRequestId` (the gateway, which clients call) every error the
 * client gets carries that request id in `extensions`, so support finds the log line from it.
 */
export function errorReportingPlugin<C>(
  requestIdOf: (context: C) => string | undefined,
  logInternal: (error: unknown, requestId: string | undefined) => void,
  opts: { exposeRequestId: boolean },
) {
  return {
    requestDidStart: () =>
      Promise.resolve({
        didEncounterErrors: (rc: RequestContextLike<C>): Promise<void> => {
          const requestId = requestIdOf(rc.contextValue);
          for (const error of rc.errors ?? []) {
            if (!isPublicCode(publicCodeOf(error))) logInternal(error.originalError ?? error, requestId);
          }
          return Promise.resolve();
        },
        willSendResponse: (rc: RequestContextLike<C>): Promise<void> => {
          const requestId = requestIdOf(rc.contextValue);
          const result = rc.response.body?.kind === 'single' ? rc.response.body.singleResult : undefined;
          if (opts.exposeRequestId && requestId && result?.errors) {
            result.errors = result.errors.map((e) => ({ ...e, extensions: { ...e.extensions, requestId } }));
          }
          return Promise.resolve();
        },
      }),
  };
}
