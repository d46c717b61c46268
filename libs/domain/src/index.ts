export { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError } from './domain-errors';
