import { Card, Stack, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Domain } from '../auth/console-config';
import { ErrorNotice } from '../graphql/error-notice';

/** A titled part of a record's page, a landmark named by its title (a screen reader's list of regions). */
export function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Title order={2} size="h4" mb="xs">
        {title}
      </Title>
      {children}
    </Card>
  );
}

/** A record the server did not give: why (the role needed, an outage) when it said, else that there is none. */
export function RecordMissing({ what, error, domain }: { what: string; error: unknown; domain?: Domain }) {
  return (
    <Stack>
      <ErrorNotice error={error} domain={domain && { domain, access: 'read' }} />
      {!error && (
        <Title order={1} size="h2">
          {what} not found
        </Title>
      )}
    </Stack>
  );
}
