import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Checkbox, Group, Stack, Text, Title } from '@mantine/core';
import { Link } from 'react-router';
import { formatDateTime, label } from '../format/format';
import type { MyNotificationsQuery } from '../gql/graphql';
import { ErrorNotice } from '../graphql/error-notice';
import { listColumns, PagedTable } from '../layout/paged-table';
import { recordPath } from '../layout/record-path';
import { useUrlParams } from '../layout/url-params';
import { MARK_ALL_READ, MARK_READ, MY_NOTIFICATIONS, UNREAD_COUNT } from './notification-operations';

type Row = MyNotificationsQuery['myNotifications']['edges'][number]['node'];

// The count in the header and an unread-only list change with every mark.
const AFTER_A_MARK = { refetchQueries: [UNREAD_COUNT, MY_NOTIFICATIONS], awaitRefetchQueries: true };

function MarkRead({ id }: { id: string }) {
  const [mark, marked] = useMutation(MARK_READ, AFTER_A_MARK);
  return (
    <>
      <Button size="xs" variant="default" loading={marked.loading} onClick={() => void mark({ variables: { id } }).catch(() => undefined)}>
        Mark read
      </Button>
      <ErrorNotice error={marked.error} />
    </>
  );
}

const col = listColumns<Row>();
const columns = col.columns([
  col.accessor('summary', {
    header: 'Notification',
    cell: (info) => {
      const n = info.row.original;
      const to = recordPath(n.recordType, n.recordId);
      const text = n.read ? info.getValue() : <strong>{info.getValue()}</strong>;
      return to ? (
        <Anchor component={Link} to={to}>
          {text}
        </Anchor>
      ) : (
        text
      );
    },
  }),
  col.accessor('kind', { header: 'Why', cell: (info) => label(info.getValue()) }),
  col.accessor('createdAt', { header: 'When', cell: (info) => formatDateTime(info.getValue()) }),
  col.accessor('read', {
    header: 'Read',
    cell: (info) =>
      info.getValue() ? (
        <Text size="sm">Read {formatDateTime(info.row.original.readAt)}</Text>
      ) : (
        <Group gap="xs">
          <Badge variant="filled">Unread</Badge>
          <MarkRead id={info.row.original.id} />
        </Group>
      ),
  }),
]);

/** The caller's inbox: mentions and assignments, newest first, each linked to its record where the console has a page. */
export default function NotificationsPage() {
  const { params, set } = useUrlParams();
  const unreadOnly = params.get('unread') === '1';
  const { data, error, loading, fetchMore } = useQuery(MY_NOTIFICATIONS, { variables: { first: 50, unreadOnly } });
  const count = useQuery(UNREAD_COUNT);
  const [markAll, markedAll] = useMutation(MARK_ALL_READ, AFTER_A_MARK);
  const unread = count.data?.unreadNotificationCount ?? 0;
  return (
    <Stack>
      <Group justify="space-between">
        <Title order={1} size="h2">
          Notifications
        </Title>
        <Group>
          <Button component={Link} to="/notifications/preferences" variant="default">
            Preferences
          </Button>
          <Button onClick={() => void markAll().catch(() => undefined)} loading={markedAll.loading} disabled={unread === 0}>
            Mark all read
          </Button>
        </Group>
      </Group>
      <Group>
        <Text role="status">{unread === 1 ? '1 unread' : `${unread} unread`}</Text>
        <Checkbox label="Unread only" checked={unreadOnly} onChange={(e) => set('unread', e.currentTarget.checked ? '1' : null)} />
      </Group>
      <ErrorNotice error={markedAll.error} />
      <PagedTable
        label="Notifications"
        columns={columns}
        connection={data?.myNotifications}
        rowKey={(n) => n.id}
        error={error}
        loading={loading}
        fetchMore={fetchMore}
        empty={unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}
      />
    </Stack>
  );
}
