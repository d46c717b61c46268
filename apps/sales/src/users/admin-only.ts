/**
 * Managing the directory (who works here, who manages whom, who is in which team) is an
 * administrator's job: sales reps read it, but do not reorganise their own teams.
 */
export { AdminOnly } from '@crm/auth';
