import { z } from 'zod';
import { defineEvent } from './cloud-event';

/** Declared here rather than in topics.ts so the user directory's contracts stay in one file. */
export const SALES_USER_TOPIC = 'crm.sales.user.v1';
export const SALES_TEAM_TOPIC = 'crm.sales.team.v1';

const id = z.uuid();
const timestamp = z.iso.datetime({ offset: true });

/** A user's profile as it stands after the change. */
const user = {
  /** The token's `sub`. */
  userId: id,
  name: z.string(),
  email: z.string().nullable(),
  title: z.string().nullable(),
  /** IANA time zone, e.g. "Europe/Berlin". */
  timeZone: z.string().nullable(),
  active: z.boolean(),
  managerId: id.nullable(),
  regionalOffice: z.string().nullable(),
};

/**
 * A user entered the directory: on first sign-in, from the token's claims (`SIGN_IN`), or made by
 * an admin ahead of it (`ADMIN`). Keyed by the user, not a customer: a user's events stay ordered.
 */
export const UserCreated = defineEvent({
  type: 'crm.sales.user.created.v1',
  topic: SALES_USER_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...user, origin: z.enum(['SIGN_IN', 'ADMIN']), createdAt: timestamp }),
  subject: (d) => d.userId,
});

/** An admin changed a user's profile; `changed` names the fields, the rest is the state after it. */
export const UserUpdated = defineEvent({
  type: 'crm.sales.user.updated.v1',
  topic: SALES_USER_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...user, changed: z.array(z.string()), updatedAt: timestamp }),
  subject: (d) => d.userId,
});

/** A user left (or came back): records keep them as owner, but nothing new should be assigned to an inactive user. */
export const UserActiveChanged = defineEvent({
  type: 'crm.sales.user.active-changed.v1',
  topic: SALES_USER_TOPIC,
  source: 'crm.sales',
  schema: z.object({ userId: id, active: z.boolean(), changedAt: timestamp }),
  subject: (d) => d.userId,
});

const team = { teamId: id, name: z.string(), managerId: id.nullable() };

export const TeamCreated = defineEvent({
  type: 'crm.sales.team.created.v1',
  topic: SALES_TEAM_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...team, createdAt: timestamp }),
  subject: (d) => d.teamId,
});

/** `changed` names the fields (name, managerId), the rest is the state after it. */
export const TeamUpdated = defineEvent({
  type: 'crm.sales.team.updated.v1',
  topic: SALES_TEAM_TOPIC,
  source: 'crm.sales',
  schema: z.object({ ...team, changed: z.array(z.string()), updatedAt: timestamp }),
  subject: (d) => d.teamId,
});

/** Members joined or left; `memberIds` is the whole membership after the change. */
export const TeamMembersChanged = defineEvent({
  type: 'crm.sales.team.members-changed.v1',
  topic: SALES_TEAM_TOPIC,
  source: 'crm.sales',
  schema: z.object({ teamId: id, added: z.array(id), removed: z.array(id), memberIds: z.array(id), changedAt: timestamp }),
  subject: (d) => d.teamId,
});

export const TeamDeleted = defineEvent({
  type: 'crm.sales.team.deleted.v1',
  topic: SALES_TEAM_TOPIC,
  source: 'crm.sales',
  schema: z.object({ teamId: id, deletedAt: timestamp }),
  subject: (d) => d.teamId,
});

export const UserEvents = [UserCreated, UserUpdated, UserActiveChanged, TeamCreated, TeamUpdated, TeamMembersChanged, TeamDeleted];
