export { ConflictError, DomainError, ForbiddenError, InvalidError, NotFoundError, UnavailableError } from './domain-errors';
export { isPublicAddress } from './public-address';
