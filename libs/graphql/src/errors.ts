import { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError, UnavailableError } from '@crm/domain';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The error codes clients may rely on; anything else is masked as INTERNAL_SERVER_ERROR. */
export const ErrorCodes = {
  BAD_USER_INPUT: 'BAD_USER_INPUT',
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  /** The request collides with the record's current state; retrying it unchanged will not help. */
  CONFLICT: 'CONFLICT',
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  /** A subgraph could not be reached in time: its fields are null, the rest of the answer stands. */
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR: 'INTERNAL_SERVER_ERROR',
} as const;

const PUBLIC_CODES = new Set<string>([
  ErrorCodes.BAD_USER_INPUT,
  ErrorCodes.NOT_FOUND,
  ErrorCodes.FORBIDDEN,
  ErrorCodes.CONFLICT,
  ErrorCodes.UNAUTHENTICATED,
  ErrorCodes.SERVICE_UNAVAILABLE,
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

export function isPublicCode(code: unknown): boolean {
  // BAD_REQUEST: Apollo Server's own refusal of a malformed request, answered as BAD_USER_INPUT.
  return typeof code === 'string' && (PUBLIC_CODES.has(code) || code in APOLLO_REQUEST_ERRORS);
}

export function badUserInput(field: string, message: string): GraphQLError {
  return new GraphQLError(`${field}: ${message}`, { extensions: { code: ErrorCodes.BAD_USER_INPUT, field } });
}

export function forbidden(message = 'You may not do this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.FORBIDDEN } });
}

export function unauthenticated(message = 'A valid token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: ErrorCodes.UNAUTHENTICATED } });
}

function codeOfDomainError(error: DomainError): string {
  if (error instanceof NotFoundError) return ErrorCodes.NOT_FOUND;
  if (error instanceof InvalidError) return ErrorCodes.BAD_USER_INPUT;
  if (error instanceof ConflictError) return ErrorCodes.CONFLICT;
  if (error instanceof ForbiddenError) return ErrorCodes.FORBIDDEN;
  if (error instanceof UnavailableError) return ErrorCodes.SERVICE_UNAVAILABLE;
  // A DomainError subclass nobody mapped is a programming error: it stays masked and logged.
  return ErrorCodes.INTERNAL_SERVER_ERROR;
}

/** The domain refusal behind a resolver's error: Apollo wraps what a resolver throws in a GraphQLError. */
function domainErrorIn(error: unknown): DomainError | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 5; e = (e as GraphQLError).originalError, depth++) {
    if (e instanceof DomainError) return e;
  }
  return undefined;
}

/**
 * The one mapping from domain refusals to GraphQL: NOT_FOUND, BAD_USER_INPUT (with the field),
 * CONFLICT (with the field when there is one) and FORBIDDEN. A domain refusal maps to the code
 * clients rely on; any other error keeps what GraphQL gave it.
 */
export function publicCodeOf(error: unknown): string | undefined {
  const domain = domainErrorIn(error);
  if (domain) return codeOfDomainError(domain);
  const code = (error as GraphQLError | undefined)?.extensions?.code;
  return typeof code === 'string' ? code : undefined;
}

// Apollo reports a bad variable as: Variable "$input" got invalid value "X" at "input.priority"; ...
const VARIABLE_PATH = /^Variable "\$([^"]+)" got invalid value .*? at "([^"]+)"/;
const VARIABLE_ONLY = /^Variable "\$([^"]+)"/;
// ...; Field "source" of required type "LeadSource!" was not provided.
// ...; Field "colour" is not defined by type "CustomerFilter". (a field the input type does not have)
const INPUT_FIELD = /Field "([^"]+)" (?:of required type .* was not provided|is not defined by type)/;

/**
 * The input field a variable-coercion error is about, named as validation names it: `priority`
 * for `$input.priority`, or the variable itself when the whole value is wrong.
 */
function fieldOfVariableError(message: string): string | undefined {
  const at = VARIABLE_PATH.exec(message)?.[2];
  const inside = at?.includes('.') ? at.slice(at.indexOf('.') + 1) : undefined;
  const missing = INPUT_FIELD.exec(message)?.[1];
  if (missing) return inside ? `${inside}.${missing}` : missing;
  return inside ?? at ?? VARIABLE_ONLY.exec(message)?.[1];
}

/**
 * The part of the HTTP request an Apollo Server refusal (code BAD_REQUEST) is about: the name it
 * quotes (`variables`, `query`...), else the method, the content type (CSRF prevention) or the body.
 */
function fieldOfRequestError(message: string): string {
  const quoted = /`(\w+)`/.exec(message)?.[1];
  if (quoted) return quoted;
  if (/CSRF/.test(message)) return 'content-type';
  if (/\b(GET|POST)\b.*requests/.test(message)) return 'method';
  return 'body';
}

/** Apollo Server's codes for a request it could not run, with the part of the request each is about. */
const APOLLO_REQUEST_ERRORS: Record<string, (message: string) => string> = {
  BAD_REQUEST: fieldOfRequestError,
  OPERATION_RESOLUTION_FAILURE: () => 'operationName',
};

/**
 * Apollo `formatError`: public codes pass with their message (and the offending field), without
 * stack traces or any other extension (a subgraph's name, say); anything else is an internal
 * failure whose details stay in the logs (errorReportingPlugin logs them with the request id).
 */
export function createErrorFormatter(logInternal: (error: unknown) => void = () => undefined) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const domain = domainErrorIn(error);
    const given = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
    // Apollo Server's refusals of a malformed request (batch, empty body, GET mutation, CSRF, an
    // operationName the document lacks...) are the client's mistake.
    const requestField = !domain && given ? APOLLO_REQUEST_ERRORS[given]?.(formatted.message) : undefined;
    const code = domain ? codeOfDomainError(domain) : requestField ? ErrorCodes.BAD_USER_INPUT : given;
    if (code && PUBLIC_CODES.has(code)) {
      const field = domain
        ? domain.field
        : typeof formatted.extensions?.field === 'string'
          ? formatted.extensions.field
          : requestField
            ? requestField
            : code === ErrorCodes.BAD_USER_INPUT
              ? fieldOfVariableError(formatted.message)
              : undefined;
      return {
        message: domain ? domain.message : formatted.message,
        locations: formatted.locations,
        path: formatted.path,
        extensions: { code, ...(field ? { field } : {}) },
      };
    }
    logInternal(error);
    return { message: 'Internal server error', path: formatted.path, extensions: { code: ErrorCodes.INTERNAL_SERVER_ERROR } };
  };
}
