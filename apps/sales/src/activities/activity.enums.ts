import { registerEnumType } from '@nestjs/graphql';

export enum ActivityType {
  TASK = 'TASK',
  CALL = 'CALL',
  MEETING = 'MEETING',
  EMAIL = 'EMAIL',
}

registerEnumType(ActivityType, { name: 'ActivityType', description: 'A task to do, or a call, meeting or email with the customer.' });

export enum ActivitySort {
  /** Newest first. */
  CREATED_AT_DESC = 'CREATED_AT_DESC',
  /** Soonest due first; activities without a due date last. */
  DUE_AT_ASC = 'DUE_AT_ASC',
}

registerEnumType(ActivitySort, { name: 'ActivitySort' });
