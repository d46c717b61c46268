import type { ArgumentMetadata } from '@nestjs/common';
import { Field, InputType } from '@nestjs/graphql';
import { IsDate, IsOptional, IsString } from 'class-validator';
import type { GraphQLError } from 'graphql';
import { createValidationPipe, findUnstorableText, IsOptionalNotNull, referenceId } from './validation';

@InputType()
class RenameInput {
  @Field(() => String, { nullable: true })
  @IsOptionalNotNull()
  @IsString()
  name?: string;
}

/** How Nest hands a resolver's `@Args('input')` to the global pipe. */
const args = (metatype: ArgumentMetadata['metatype'], data = 'input'): ArgumentMetadata => ({ type: 'body', metatype, data });

function refusal(run: () => unknown): { message: string; extensions: unknown } {
  try {
    run();
  } catch (e) {
    const err = e as GraphQLError;
    return { message: err.message, extensions: err.extensions };
  }
  throw new Error('was not refused');
}

describe('referenceId', () => {
  it('lower-cases a UUID key, as ParseIdPipe does', () => {
    expect(referenceId({ id: '6F9619FF-8B86-D011-B42D-00C04FC964FF' })).toBe('6f9619ff-8b86-d011-b42d-00c04fc964ff');
  });

  it('answers null for a key that is no UUID, a number or missing, so SQL never sees it', () => {
    expect(referenceId({ id: 'not-a-uuid' })).toBeNull();
    expect(referenceId({ id: 42 })).toBeNull();
    expect(referenceId({})).toBeNull();
  });
});

describe('findUnstorableText', () => {
  it.each([
    ['a NUL byte', { name: 'a\u0000b' }, ['name'], 'must not contain a NUL character'],
    ['a lone high surrogate', { lines: [{ note: 'ok' }, { note: 'a\ud800' }] }, ['lines', '1', 'note'], 'lone surrogate'],
    ['a lone low surrogate', { tags: ['\udc00x'] }, ['tags', '0'], 'lone surrogate'],
    ['a high surrogate at the end', 'abc\udbff', [], 'lone surrogate'],
  ])('finds %s and where it is', (_what, value, path, message) => {
    const found = findUnstorableText(value);
    expect(found?.path).toEqual(path);
    expect(found?.message).toContain(message);
  });

  it('lets any well-formed text through, emoji (surrogate pairs) included', () => {
    expect(findUnstorableText({ name: 'Zoë 😀 日本', n: 3, d: new Date(), nested: [{ x: null }] })).toBeNull();
  });
});

describe('createValidationPipe', () => {
  const pipe = createValidationPipe();

  it('refuses a NUL byte in any argument as BAD_USER_INPUT naming the input field', () => {
    expect(refusal(() => pipe.transform({ name: 'a\u0000' }, args(RenameInput)))).toEqual({
      message: 'name: must not contain a NUL character',
      extensions: { code: 'BAD_USER_INPUT', field: 'name' },
    });
  });

  it('names a scalar argument by its own name', () => {
    expect(refusal(() => pipe.transform('\ud800', args(String, 'query'))).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'query' });
  });

  it('leaves the parent and the context alone: only arguments are client input', async () => {
    const parent = { name: 'stored\u0000' };
    await expect(pipe.transform(parent, { type: 'custom', metatype: Object })).resolves.toBe(parent);
  });

  it('refuses an explicit null for a field that may only be left out, by name', async () => {
    const refused = (await (pipe.transform({ name: null }, args(RenameInput)) as Promise<unknown>).catch(
      (e: unknown) => e,
    )) as GraphQLError;
    expect(refused.message).toBe('name: cannot be null; leave it out instead');
    expect(refused.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
  });

  it('accepts the field left out, and a value', async () => {
    await expect(pipe.transform({}, args(RenameInput))).resolves.toEqual(new RenameInput());
    await expect(pipe.transform({ name: 'Acme' }, args(RenameInput))).resolves.toMatchObject({ name: 'Acme' });
  });

  it('validates an argument set once, hands every later caller the same frozen result, and refuses a bad one every time', async () => {
    const own = createValidationPipe();
    const first = (await own.transform({ name: 'Acme' }, args(RenameInput))) as RenameInput;
    const again = (await own.transform({ name: 'Acme' }, args(RenameInput))) as RenameInput;
    expect(again).toBe(first);
    expect(again).toBeInstanceOf(RenameInput);
    expect(Object.isFrozen(again)).toBe(true);
    expect(() => {
      again.name = 'changed';
    }).toThrow(TypeError);
    await expect(own.transform({ name: 'Other' }, args(RenameInput))).resolves.toMatchObject({ name: 'Other' });
    for (let i = 0; i < 2; i++) {
      const refused = (await (own.transform({ name: 7 }, args(RenameInput)) as Promise<unknown>).catch((e: unknown) => e)) as GraphQLError;
      expect(refused.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'name' });
    }
    expect(refusal(() => own.transform({ name: 'a\u0000' }, args(RenameInput))).extensions).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'name',
    });
  });

  it('never lets a refused value share a remembered key: an invalid date is not the null that passed', async () => {
    @InputType()
    class WhenInput {
      @Field(() => Date, { nullable: true })
      @IsOptional()
      @IsDate({ message: 'at must be a date-time' })
      at?: Date | null;
    }
    const own = createValidationPipe();
    await expect(own.transform({ at: null }, args(WhenInput))).resolves.toMatchObject({ at: null });
    await expect(own.transform({ at: null }, args(WhenInput))).resolves.toMatchObject({ at: null });
    const refused = (await (own.transform({ at: new Date(Number.NaN) }, args(WhenInput)) as Promise<unknown>).catch(
      (e: unknown) => e,
    )) as GraphQLError;
    expect(refused.extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'at' });
  });
});
