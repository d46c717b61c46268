export { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError, UnavailableError } from './domain-errors';
