// Shared with service's imported cases: the rule lives next to the roles it checks.
export { notBefore, occurredAt } from '@crm/auth';
