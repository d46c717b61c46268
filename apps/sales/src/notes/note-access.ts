import { ACCESS_KEY, type AccessDecision } from '@crm/auth';
import { SetMetadata } from '@nestjs/common';

/**
 * Who reads and writes notes: every staff team that reads sales (a service agent leaves a note on
 * a case, marketing on a lead). A note changes no record, so it is not a write of the sales domain.
 * Partner and customer tokens are refused outright, rather than scoped: notes are how colleagues
 * talk about a record (a partner's deal included), and none of it is meant for the outside.
 */
export const NoteAccess = () =>
  SetMetadata<string, AccessDecision>(ACCESS_KEY, { public: false, roles: ['admin', 'sales', 'marketing', 'service'] });
