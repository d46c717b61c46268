import { Alert, Stack } from '@mantine/core';
import type { Domain } from '../auth/console-config';
import type { GraphQLFormattedError } from 'graphql';
import { codeOf, describe, graphqlErrors } from './errors';

/**
 * The errors of an answer as sentences, one per problem: FORBIDDEN names the role needed, a down
 * subgraph names the part it left empty. Errors already shown beside a form field are skipped:
 * every error naming a field, or (given the form's fields, by name or by full path such as
 * rule.all.1.value) the input errors shown beside those, so one naming something the form has no
 * field for (a token, an id) is still said.
 */
export function ErrorNotice({
  error,
  domain,
  skipFields = false,
}: {
  error: unknown;
  domain?: { domain: Domain; access: 'read' | 'write' };
  skipFields?: boolean | readonly string[];
}) {
  if (!error) return null;
  const besideAField = (e: GraphQLFormattedError) => {
    const field = e.extensions?.field;
    if (typeof field !== 'string') return false;
    if (!Array.isArray(skipFields)) return skipFields === true;
    return codeOf(e) === 'BAD_USER_INPUT' && (skipFields.includes(field) || skipFields.includes(field.split('.').pop()!));
  };
  const errors = graphqlErrors(error).filter((e) => !besideAField(e));
  const lines = [...new Set(errors.map((e) => describe(e, domain)))];
  if (lines.length === 0) return null;
  return (
    <Alert color="red" role="alert" title="Something went wrong" variant="light">
      <Stack gap={4}>
        {lines.map((line) => (
          <span key={line}>{line}</span>
        ))}
      </Stack>
    </Alert>
  );
}
