import { Alert, Stack } from '@mantine/core';
import type { Domain } from '../auth/console-config';
import { describe, graphqlErrors } from './errors';

/**
 * The errors of an answer as sentences, one per problem: FORBIDDEN names the role needed, a down
 * subgraph names the part it left empty. Errors already shown beside a form field are skipped.
 */
export function ErrorNotice({
  error,
  domain,
  skipFields = false,
}: {
  error: unknown;
  domain?: { domain: Domain; access: 'read' | 'write' };
  skipFields?: boolean;
}) {
  if (!error) return null;
  const errors = graphqlErrors(error).filter((e) => !(skipFields && typeof e.extensions?.field === 'string'));
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
