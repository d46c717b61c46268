import type { ArgumentMetadata } from '@nestjs/common';
import type { GraphQLError } from 'graphql';
import { TrimmedString, UuidInput } from './input-decorators';
import { createValidationPipe } from './validation';

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

describe('UuidInput and TrimmedString', () => {
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
  ])('refuses %j naming %s', async (input, field, message) => {
    expect(await problem(input)).toEqual({ field, message });
  });

  it('lets null through where optional is true', async () => {
    await expect(pipe.transform({ ...valid, ownerId: null, tag: null }, { type: 'body', metatype: NoteInput })).resolves.toMatchObject({
      ownerId: null,
      tag: null,
    });
  });
});
