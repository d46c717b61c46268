import type { GraphQLFormattedError } from 'graphql';
import { badUserInput, createErrorFormatter } from './errors';

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
  ])('names the field of a bad variable: %s', (message, field) => {
    expect(format({ message, extensions: { code: 'BAD_USER_INPUT' } }, new Error(message)).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field,
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
