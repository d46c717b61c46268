export { OccurredAtField } from '@crm/auth';
