import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { lower, lowerAll, trim, trimOrNull } from './input-transforms';
import { IsOptionalNotNull } from './validation';

/**
 * Whether a field may be left out: `true` also lets null through (null clears it), `'not-null'`
 * lets it be left out but refuses null (a field that cannot be cleared).
 */
export type Optionality = boolean | 'not-null';

interface NamedInputOptions {
  /** Left out is allowed; see `Optionality`. */
  optional?: Optionality;
  /** The field as the message names it, where that is not the property's name (a nested input: `address.city`). */
  label?: string;
}

export interface UuidInputOptions extends NamedInputOptions {
  /** The whole message, where it says more than "<field> must be a UUID". */
  message?: string;
}

export interface TrimmedStringOptions extends NamedInputOptions {
  /** Without `min`, only the length is bounded ("at most `max` characters"). */
  min?: number;
  max: number;
}

export interface TrimmedStringOrNullOptions {
  max: number;
  /** The field as the message names it, where that is not the property's name. */
  label?: string;
}

export interface UuidListOptions extends NamedInputOptions {
  /** At most this many ids: a list argument is bounded like a page. */
  max: number;
  /** At least this many; without it an empty list is accepted. */
  min?: number;
}

type Decorator = (target: object, key: string | symbol) => void;

/**
 * Applies `decorators` as a stack written top to bottom would: the last first. class-validator
 * reports the first constraint a value fails, so the order is the messages' order, kept as the
 * hand-written stacks had it.
 */
function stack(decorators: (Decorator | null)[]): PropertyDecorator {
  return (target, key) => {
    for (const decorate of [...decorators].reverse()) decorate?.(target, key);
  };
}

function optionalDecorator(optional: Optionality | undefined): Decorator | null {
  if (optional === 'not-null') return IsOptionalNotNull();
  return optional ? IsOptional() : null;
}

/**
 * An id argument or input field: trimmed and lower-cased (the same UUID in capitals names the same
 * record), then checked to be a UUID, with a message naming the field. The GraphQL type stays with
 * `@Field(() => ID)`: this only validates.
 */
export function UuidInput(options: UuidInputOptions = {}): PropertyDecorator {
  return (target, key) => {
    const message = options.message ?? `${options.label ?? String(key)} must be a UUID`;
    stack([optionalDecorator(options.optional), Transform(lower), IsUUID('all', { message })])(target, key);
  };
}

/**
 * A text input field: trimmed, then a string of `min` to `max` characters (or at most `max`), with a
 * message naming the field. Trimming first means blank text fails the minimum instead of being stored.
 */
export function TrimmedString(options: TrimmedStringOptions): PropertyDecorator {
  return (target, key) => {
    const label = options.label ?? String(key);
    const length =
      options.min === undefined
        ? MaxLength(options.max, { message: `${label} must be at most ${options.max} characters` })
        : Length(options.min, options.max, { message: `${label} must be ${options.min} to ${options.max} characters` });
    stack([optionalDecorator(options.optional), Transform(trim), IsString(), length])(target, key);
  };
}

/**
 * An optional text field where blank means "not given": trimmed, blank text becomes null (a form's
 * empty box clears or keeps a value rather than storing ''), then at most `max` characters. Always
 * optional: null and left out are accepted.
 */
export function TrimmedStringOrNull(options: TrimmedStringOrNullOptions): PropertyDecorator {
  return (target, key) => {
    const label = options.label ?? String(key);
    stack([
      IsOptional(),
      Transform(trimOrNull),
      IsString(),
      MaxLength(options.max, { message: `${label} must be at most ${options.max} characters` }),
    ])(target, key);
  };
}

/**
 * A list of ids (`[ID!]`): each trimmed and lower-cased as `@UuidInput` does, the list bounded by
 * `max` (and `min`), each item checked to be a UUID, every message naming the field.
 */
export function UuidList(options: UuidListOptions): PropertyDecorator {
  return (target, key) => {
    const label = options.label ?? String(key);
    const { min, max } = options;
    stack([
      optionalDecorator(options.optional),
      Transform(lowerAll),
      min === undefined ? null : ArrayMinSize(min, { message: `${label} must have at least ${min} ${min === 1 ? 'entry' : 'entries'}` }),
      ArrayMaxSize(max, { message: `${label} must have at most ${max} entries` }),
      IsUUID('all', { each: true, message: `${label} must hold only UUIDs` }),
      // Last, so it is reported first: a value that is no list is told so, not that it is too long.
      IsArray({ message: `${label} must be a list of UUIDs` }),
    ])(target, key);
  };
}
