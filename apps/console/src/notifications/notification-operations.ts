import { graphql } from '../gql';

export const UNREAD_COUNT = graphql(`
  query UnreadNotificationCount {
    unreadNotificationCount
  }
`);

export const MY_NOTIFICATIONS = graphql(`
  query MyNotifications($first: Int!, $after: String, $unreadOnly: Boolean) {
    myNotifications(first: $first, after: $after, unreadOnly: $unreadOnly) {
      edges {
        cursor
        node {
          id
          kind
          recordType
          recordId
          summary
          createdAt
          readAt
          read
        }
      }
      pageInfo {
        hasNextPage
        endCursor
      }
    }
  }
`);

export const MARK_READ = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      read
      readAt
    }
  }
`);

export const MARK_ALL_READ = graphql(`
  mutation MarkAllNotificationsRead {
    markAllNotificationsRead
  }
`);

export const NOTIFICATION_PREFERENCES = graphql(`
  query NotificationPreferences {
    notificationPreferences {
      kind
      inApp
      emailDigest
    }
  }
`);

export const SET_NOTIFICATION_PREFERENCE = graphql(`
  mutation SetNotificationPreference($input: NotificationPreferenceInput!) {
    setNotificationPreference(input: $input) {
      kind
      inApp
      emailDigest
    }
  }
`);
