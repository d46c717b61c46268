import { useQuery } from '@apollo/client/react';
import { Button } from '@mantine/core';
import { Link } from 'react-router';
import { UNREAD_COUNT } from './notification-operations';

/** Polled rather than pushed: a minute late is soon enough for a count, and costs one small query. */
const POLL_MS = 60_000;

/** The header's way to the inbox, with how many notifications are unread (nothing when analytics cannot say). */
export default function NotificationBell() {
  const { data } = useQuery(UNREAD_COUNT, { pollInterval: POLL_MS });
  const unread = data?.unreadNotificationCount ?? 0;
  // The count is in the visible text itself: a screen reader hears what is shown (axe's label-content-name-mismatch).
  return (
    <Button component={Link} to="/notifications" size="xs" variant="subtle">
      {unread ? `Notifications · ${unread} unread` : 'Notifications'}
    </Button>
  );
}
