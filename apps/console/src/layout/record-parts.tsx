import { Badge, Card, Group, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import type { Domain } from '../auth/console-config';
import { ErrorNotice } from '../graphql/error-notice';

/**
 * A titled part of a record's page, a landmark named by its title (a screen reader's list of
 * regions), with how many it holds when `count` is given. When the subgraph behind it did not answer
 * (`missing`) it says so and the other parts of the page stay.
 */
export function Section({
  title,
  missing = false,
  count,
  children,
}: {
  title: string;
  missing?: boolean;
  count?: number;
  children: ReactNode;
}) {
  return (
    <Card withBorder component="section" aria-label={title}>
      <Group justify="space-between" mb="xs">
        <Title order={2} size="h4">
          {title}
        </Title>
        {count !== undefined && <Badge variant="light">{count}</Badge>}
      </Group>
      {missing ? (
        // Mantine's darkest orange is under 4.5:1 on white: the notice takes the error red the theme darkened.
        <Text c="red.9" role="status">
          {title} could not be loaded right now.
        </Text>
      ) : (
        children
      )}
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
