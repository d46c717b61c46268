import { ACCESS_KEY, type AccessDecision } from '@crm/auth';
import { SetMetadata } from '@nestjs/common';

/**
 * Managing the directory (who works here, who manages whom, who is in which team) is an
 * administrator's job: sales reps read it, but do not reorganise their own teams.
 */
export const AdminOnly = () => SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: false, roles: ['admin'] });
