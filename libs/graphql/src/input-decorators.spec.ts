import type { ArgumentMetadata } from '@nestjs/common';
import type { GraphQLError } from 'graphql';
import { Type } from 'class-transformer';
import { ValidateNested } from 'class-validator';
import { TrimmedString, TrimmedStringOrNull, UuidInput, UuidList } from './input-decorators';
import { createValidationPipe } from './validation';

class SourceInput {
  @TrimmedStringOrNull({ max: 4, label: 'source.referral' })
  referral?: string | null;

  @UuidList({ max: 2, optional: true })
  campaignIds?: string[];
}

class NoteInput {
  @UuidInput()
  customerId!: string;

  @UuidInput({ optional: true, label: 'address.ownerId' })
  ownerId?: string | null;

  @UuidInput({ optional: 'not-null' })
  teamId?: string;

  @TrimmedString({ min: 1, max: 5 })
  title!: string;

  @TrimmedString({ max: 3, optional: true })
  tag?: string | null;

  @TrimmedStringOrNull({ max: 4 })
  company?: string | null;

  @UuidList({ min: 1, max: 2, optional: 'not-null' })
  mentionedUserIds?: string[];

  @ValidateNested()
  @Type(() => SourceInput)
  source?: SourceInput;
}

const pipe = createValidationPipe();
const ID = '0B0E0C1D-2F3A-4B5C-8D6E-7F8091A2B3C4';
const valid = { customerId: ID, title: 'Hi' };

async function problem(input: object): Promise<{ message: string; field: unknown }> {
  const metadata: ArgumentMetadata = { type: 'body', metatype: NoteInput, data: 'input' };
  const err = (await (pipe.transform(input, metadata) as Promise<unknown>).then(
    () => {
      throw new Error('was not refused');
    },
    (e: unknown) => e,
  )) as GraphQLError;
  return { message: err.message, field: err.extensions.field };
}

describe('UuidInput, UuidList, TrimmedString and TrimmedStringOrNull', () => {
  it('trims and lower-cases ids, trims text, and leaves optional fields out', async () => {
    const input = (await pipe.transform({ customerId: ` ${ID} `, title: '  Hi  ' }, { type: 'body', metatype: NoteInput })) as NoteInput;
    expect(input).toMatchObject({ customerId: ID.toLowerCase(), title: 'Hi' });
  });

  it.each([
    [{ ...valid, customerId: 'nope' }, 'customerId', 'customerId: must be a UUID'],
    [{ ...valid, ownerId: 'nope' }, 'ownerId', 'ownerId: address.ownerId must be a UUID'],
    [{ ...valid, teamId: null }, 'teamId', 'teamId: cannot be null; leave it out instead'],
    [{ ...valid, title: '   ' }, 'title', 'title: must be 1 to 5 characters'],
    [{ ...valid, title: 'longer' }, 'title', 'title: must be 1 to 5 characters'],
    [{ ...valid, tag: 'four' }, 'tag', 'tag: must be at most 3 characters'],
    [{ ...valid, company: ' longer ' }, 'company', 'company: must be at most 4 characters'],
    [{ ...valid, source: { referral: 'longer' } }, 'source.referral', 'source.referral: source.referral must be at most 4 characters'],
    [{ ...valid, mentionedUserIds: null }, 'mentionedUserIds', 'mentionedUserIds: cannot be null; leave it out instead'],
    [{ ...valid, mentionedUserIds: [] }, 'mentionedUserIds', 'mentionedUserIds: must have at least 1 entry'],
    [{ ...valid, mentionedUserIds: [ID, ID, ID] }, 'mentionedUserIds', 'mentionedUserIds: must have at most 2 entries'],
    [{ ...valid, mentionedUserIds: [ID, 'nope'] }, 'mentionedUserIds', 'mentionedUserIds: must hold only UUIDs'],
    [{ ...valid, mentionedUserIds: ID }, 'mentionedUserIds', 'mentionedUserIds: must be a list of UUIDs'],
    [{ ...valid, source: { campaignIds: ['nope'] } }, 'source.campaignIds', 'source.campaignIds: must hold only UUIDs'],
  ])('refuses %j naming %s', async (input, field, message) => {
    expect(await problem(input)).toEqual({ field, message });
  });

  it('lets null through where optional is true', async () => {
    await expect(pipe.transform({ ...valid, ownerId: null, tag: null }, { type: 'body', metatype: NoteInput })).resolves.toMatchObject({
      ownerId: null,
      tag: null,
    });
  });

  it('turns blank optional text into null and lower-cases every id of a list', async () => {
    const input = (await pipe.transform(
      { ...valid, company: '   ', mentionedUserIds: [` ${ID} `], source: { referral: ' ad ', campaignIds: [ID] } },
      { type: 'body', metatype: NoteInput },
    )) as NoteInput;
    expect(input).toMatchObject({
      company: null,
      mentionedUserIds: [ID.toLowerCase()],
      source: { referral: 'ad', campaignIds: [ID.toLowerCase()] },
    });
  });
});
