import type { Identity } from '@crm/auth';
import { applyDecorators, Injectable } from '@nestjs/common';
import { Field, registerEnumType } from '@nestjs/graphql';
import { IsEnum, IsOptional } from 'class-validator';
import { TeamRepository } from './team.repository';

/**
 * "My records" on every list with an owner, as a typed value rather than a magic id: `ME` is the
 * caller (the token's `sub`), `MY_TEAMS` the caller and everyone in the teams they are in or manage.
 */
export enum OwnedBy {
  ME = 'ME',
  MY_TEAMS = 'MY_TEAMS',
}

registerEnumType(OwnedBy, {
  name: 'OwnedBy',
  description: '"My records": owned by the caller (ME), or by the caller or anyone in the teams they are in or manage (MY_TEAMS).',
});

/** The `ownedBy` field of a list's filter: one declaration for every list with an owner. */
export const OwnedByField = (): PropertyDecorator =>
  applyDecorators(
    Field(() => OwnedBy, { nullable: true, description: '"My records": ME, or MY_TEAMS. Combines with the other filters.' }),
    IsOptional(),
    IsEnum(OwnedBy, { message: 'ownedBy must be ME or MY_TEAMS' }),
  );

/** Turns `ownedBy` into the owner ids a list keeps. */
@Injectable()
export class OwnedByService {
  constructor(private readonly teams: TeamRepository) {}

  /** null keeps every owner; an empty list (a caller without a user id) keeps nothing. */
  async ownerIds(caller: Identity, ownedBy: OwnedBy | undefined): Promise<string[] | null> {
    if (!ownedBy) return null;
    if (!caller.userId) return [];
    if (ownedBy === OwnedBy.ME) return [caller.userId];
    return this.teams.teammatesOf(caller.userId);
  }
}
