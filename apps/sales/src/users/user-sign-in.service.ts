import { isInternalCaller, type Identity } from '@crm/auth';
import { UserCreated } from '@crm/contracts';
import { UnitOfWork } from '@crm/database';
import { EventPublisher } from '@crm/events';
import { Injectable } from '@nestjs/common';
import type { UserEntity } from './user.entity';
import { USER_NAME_MAX } from './user.input';
import { UserRepository } from './user.repository';
import { userPayload } from './user.service';
import { canonicalTimeZone } from './time-zone';

/** What a token says about its user (OpenID Connect's standard claims), each possibly absent. */
export interface ProfileClaims {
  name?: unknown;
  email?: unknown;
  zoneinfo?: unknown;
}

/** Users this process knows to be in the directory; beyond this many, the longest-known are forgotten (and checked again). */
const KNOWN_MAX = 10_000;

const EMAIL = /^[^\s@]+@[^\s@]+$/;
const text = (v: unknown, max: number): string | null =>
  typeof v === 'string' && v.trim().length > 0 && v.trim().length <= max ? v.trim() : null;

/**
 * Puts a staff caller in the directory the first time one of their tokens reaches this service,
 * from the token's claims; an admin edits the rest later. Cheap: a process remembers whom it has
 * seen, so a known user costs no SQL at all, and a new one one INSERT ... ON CONFLICT DO NOTHING
 * (with its event, only when that insert made the row).
 */
@Injectable()
export class UserSignInService {
  private readonly known = new Map<string, Promise<void>>();

  constructor(
    private readonly uow: UnitOfWork,
    private readonly events: EventPublisher,
    private readonly users: UserRepository,
  ) {}

  /** `claims` is read only for a user this process has not seen. Partner users belong to the partners service, not here. */
  ensure(caller: Identity, claims: () => ProfileClaims): Promise<void> {
    const id = caller.userId;
    if (!id || !isInternalCaller(caller)) return Promise.resolve();
    let pending = this.known.get(id);
    if (!pending) {
      pending = this.provision(caller, id, claims()).catch((err: unknown) => {
        // Not remembered: the next request tries again.
        this.known.delete(id);
        throw err;
      });
      if (this.known.size >= KNOWN_MAX) this.known.delete(this.known.keys().next().value!);
      this.known.set(id, pending);
    }
    return pending;
  }

  private provision(caller: Identity, id: string, claims: ProfileClaims): Promise<void> {
    const email = text(claims.email, 320)?.toLowerCase() ?? null;
    const zone = text(claims.zoneinfo, 64);
    const now = new Date();
    const user: UserEntity = {
      id,
      // A token without a name still makes a user an admin can recognise and rename.
      name: text(claims.name, USER_NAME_MAX) ?? email ?? `User ${id.slice(0, 8)}`,
      email: email && EMAIL.test(email) ? email : null,
      title: null,
      timeZone: zone ? canonicalTimeZone(zone) : null,
      active: true,
      managerId: null,
      regionalOffice: null,
      createdAt: now,
      updatedAt: now,
    };
    return this.uow.run(caller, async (tx) => {
      if (!(await this.users.insertIfAbsent(tx, user))) return;
      await this.events.publish(tx, UserCreated, { ...userPayload(user), origin: 'SIGN_IN', createdAt: now.toISOString() }, now);
    });
  }
}
