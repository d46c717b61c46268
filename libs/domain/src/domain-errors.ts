/**
 * What a service refuses, in the domain's terms. Services, consumers and jobs throw and catch
 * these without knowing about GraphQL; the GraphQL edge (@crm/graphql's error formatter) is the
 * one place that turns them into error codes, so every caller of a service sees the same refusal.
 */
export abstract class DomainError extends Error {
  /** The input field the refusal is about, when there is one (`lines.0.quantity`). */
  abstract readonly field?: string | undefined;
}

/**
 * The named record does not exist, or the caller may not know that it does. `field` names the
 * argument that named it, when a client's input did (`customerId`).
 */
export class NotFoundError extends DomainError {
  constructor(
    readonly what: string,
    readonly id: string,
    readonly field?: string,
  ) {
    super(`${what} ${id} was not found`);
    this.name = 'NotFoundError';
  }
}

/** A value the caller sent is not acceptable; `field` names it. */
export class InvalidError extends DomainError {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
    this.name = 'InvalidError';
  }
}

/** The request is well formed but collides with the current state (a concurrent write took the id first). */
export class ConflictError extends DomainError {
  constructor(
    readonly field: string | undefined,
    readonly reason: string,
  ) {
    super(field ? `${field}: ${reason}` : reason);
    this.name = 'ConflictError';
  }
}

/** The caller is known but may not do this. */
export class ForbiddenError extends DomainError {
  /** `field` names the input the caller may not set, when the refusal is about one (`occurredAt`). */
  constructor(
    message = 'You may not do this',
    readonly field?: string,
  ) {
    super(message);
    this.name = 'ForbiddenError';
  }
}

/**
 * Something this work depends on (another service) could not answer in time: the work is refused,
 * never done against an unchecked value, and the caller may try again.
 */
export class UnavailableError extends DomainError {
  constructor(
    readonly field: string | undefined,
    reason: string,
  ) {
    super(field ? `${field}: ${reason}` : reason);
    this.name = 'UnavailableError';
  }
}
