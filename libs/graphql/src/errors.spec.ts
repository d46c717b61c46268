import { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError } from '@crm/domain';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { badUserInput, createErrorFormatter, publicCodeOf } from './errors';

/** What Apollo hands formatError for an error a resolver threw. */
function thrownByResolver(error: Error): GraphQLError {
  return new GraphQLError(error.message, { path: ['x'], originalError: error, extensions: { code: 'INTERNAL_SERVER_ERROR' } });
}

describe('createErrorFormatter', () => {
  const logged: unknown[] = [];
  const format = createErrorFormatter((e) => logged.push(e));

  it('passes public errors with their code and field, without stack traces', () => {
    const e = badUserInput('name', 'must be 1 to 200 characters');
    const formatted: GraphQLFormattedError = { ...e.toJSON(), extensions: { ...e.extensions, stacktrace: ['at x'] } };
    expect(format(formatted, e)).toEqual({
      message: 'name: must be 1 to 200 characters',
      extensions: { code: 'BAD_USER_INPUT', field: 'name' },
    });
  });

  it.each([
    ['Variable "$input" got invalid value "SUPER" at "input.priority"; Value "SUPER" does not exist in "CasePriority" enum.', 'priority'],
    [
      'Variable "$input" got invalid value {} at "input.address.city"; Expected non-nullable type "String!" not to be null.',
      'address.city',
    ],
    ['Variable "$id" of required type "ID!" was not provided.', 'id'],
    ['Variable "$i" got invalid value { email: "a@b.co" }; Field "source" of required type "LeadSource!" was not provided.', 'source'],
    ['Variable "$i" got invalid value {} at "i.address"; Field "city" of required type "String!" was not provided.', 'address.city'],
    [
      'Variable "$i" got invalid value { colour: "red" } at "i.filters"; Field "colour" is not defined by type "CustomerFilter".',
      'filters.colour',
    ],
    ['Variable "$i" got invalid value { nam: "x" }; Field "nam" is not defined by type "SaveViewInput". Did you mean "name"?', 'nam'],
  ])('names the field of a bad variable: %s', (message, field) => {
    expect(format({ message, extensions: { code: 'BAD_USER_INPUT' } }, new Error(message)).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field,
    });
  });

  it.each([
    [new NotFoundError('Customer', 'c1'), { message: 'Customer c1 was not found', extensions: { code: 'NOT_FOUND' } }],
    [
      new InvalidError('lines.0.quantity', 'must be more than 0'),
      { message: 'lines.0.quantity: must be more than 0', extensions: { code: 'BAD_USER_INPUT', field: 'lines.0.quantity' } },
    ],
    [new ConflictError('id', 'is already taken'), { message: 'id: is already taken', extensions: { code: 'CONFLICT', field: 'id' } }],
    [new ConflictError(undefined, 'changed meanwhile'), { message: 'changed meanwhile', extensions: { code: 'CONFLICT' } }],
    [new ForbiddenError(), { message: 'You may not do this', extensions: { code: 'FORBIDDEN' } }],
    [
      new ForbiddenError('occurredAt: only admin may record a past time', 'occurredAt'),
      { message: 'occurredAt: only admin may record a past time', extensions: { code: 'FORBIDDEN', field: 'occurredAt' } },
    ],
  ])('maps the domain refusal %s to its GraphQL code', (error, expected) => {
    const wrapped = thrownByResolver(error);
    expect(format(wrapped.toJSON(), wrapped)).toEqual({ ...expected, path: ['x'] });
    expect(publicCodeOf(wrapped)).toBe(expected.extensions.code);
  });

  it('masks a domain error subclass nobody mapped', () => {
    class Unmapped extends DomainError {
      readonly field = undefined;
    }
    const wrapped = thrownByResolver(new Unmapped('secret detail'));
    expect(format(wrapped.toJSON(), wrapped)).toEqual({
      message: 'Internal server error',
      path: ['x'],
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('masks anything else as INTERNAL_SERVER_ERROR and logs the original', () => {
    const original = new Error('relation "customer" does not exist');
    const out = format(
      { message: original.message, path: ['customer'], extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['QueryFailedError'] } },
      original,
    );
    expect(out).toEqual({ message: 'Internal server error', path: ['customer'], extensions: { code: 'INTERNAL_SERVER_ERROR' } });
    expect(logged).toContain(original);
  });
});
