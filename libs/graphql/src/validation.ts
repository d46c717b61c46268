import { ValidationPipe, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { IsDefined, ValidateIf, type ValidationError } from 'class-validator';
import { badUserInput } from './errors';

function firstProblem(errors: ValidationError[], prefix = ''): { field: string; message: string } | null {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    const message = e.constraints ? Object.values(e.constraints)[0] : undefined;
    if (message) return { field, message };
    const nested = firstProblem(e.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

// A NUL is text no one typed and Postgres cannot store; a lone surrogate is not Unicode at all
// (UTF-8 has no encoding for it). Either would otherwise reach SQL and fail there as a server fault.
const SUSPECT_TEXT = /[\u0000\ud800-\udfff]/;
const UNSTORABLE_TEXT = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string under `value` that no database column can hold: its path and what is wrong. */
export function findUnstorableText(value: unknown): { path: string[]; message: string } | null {
  const path: string[] = [];
  const message = unstorableIn(value, path);
  // The path is collected on the way back up, innermost key first: no array is built for the
  // thousands of keys of a bulk import that are fine.
  return message === null ? null : { path: path.reverse(), message };
}

function unstorableIn(value: unknown, path: string[]): string | null {
  if (typeof value === 'string') {
    // Almost every string has neither: one scan for the characters before the exact (and slower) pattern.
    if (!SUSPECT_TEXT.test(value)) return null;
    const bad = UNSTORABLE_TEXT.exec(value)?.[0];
    if (bad === undefined) return null;
    return bad === '\u0000' ? 'must not contain a NUL character' : 'must be valid Unicode text: it has a lone surrogate';
  }
  // GraphQL has coerced the arguments into arrays and plain objects of scalars, so the walk is bounded by the query.
  if (value === null || typeof value !== 'object' || value instanceof Date) return null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableIn(value[i], path);
      if (found !== null) {
        path.push(String(i));
        return found;
      }
    }
    return null;
  }
  for (const key in value) {
    if (!Object.hasOwn(value, key)) continue;
    const found = unstorableIn((value as Record<string, unknown>)[key], path);
    if (found !== null) {
      path.push(key);
      return found;
    }
  }
  return null;
}

/**
 * Input validation for every resolver: text no column can store, then class-validator, each a
 * BAD_USER_INPUT naming the field (`name`, `lines.0.unitPrice`; an argument that is not an input
 * object is named itself).
 */
export function createValidationPipe(): PipeTransform {
  const validation = createClassValidationPipe();
  const check = (value: unknown, metadata: ArgumentMetadata): unknown => {
    // Nest hands a resolver's arguments to pipes as 'body'; its parent, context and info as 'custom'.
    if (metadata.type === 'body') {
      const bad = findUnstorableText(value);
      if (bad) throw badUserInput(bad.path.join('.') || metadata.data || 'input', bad.message);
    }
    return validation.transform(value, metadata);
  };
  const checked = new ValidatedArguments();
  return {
    transform(value: unknown, metadata: ArgumentMetadata): unknown {
      const key = checked.keyOf(value, metadata);
      const type = metadata.metatype;
      if (key === null || !type) return check(value, metadata);
      const known = checked.get(type, key);
      if (known !== undefined) return Promise.resolve(known);
      return Promise.resolve(check(value, metadata)).then((result) => {
        checked.set(type, key, deepFreeze(result));
        return result;
      });
    },
  };
}

/**
 * Argument sets that already passed validation, by class and value. A field's arguments are the
 * same for every entity of a list (`notes(first: 5)` on 100 customers), and Nest validates them
 * once per entity: class-transformer and class-validator on 100 identical `{ first: 5 }` were 4–6 %
 * of sales' and analytics' CPU for the 360 of 100 customers (issue 22). Only small argument sets of
 * a class are remembered (lists of ids or mutation inputs are usually one-offs), at most
 * `PER_CLASS` per class, and what is handed out is frozen, so that no resolver can change what the
 * next caller gets. A refused value is never remembered: it is checked, and refused, every time.
 */
class ValidatedArguments {
  private static readonly MAX_KEY = 256;
  private static readonly PER_CLASS = 256;
  private readonly byClass = new Map<NonNullable<ArgumentMetadata['metatype']>, Map<string, unknown>>();

  keyOf(value: unknown, metadata: ArgumentMetadata): string | null {
    const type = metadata.metatype;
    if (metadata.type !== 'body' || !type || PLAIN_TYPES.has(type) || typeof value !== 'object' || value === null) return null;
    let key: string;
    try {
      key = JSON.stringify(value, plainDataOnly);
    } catch {
      return null; // not plain data (an invalid date, a BigInt, a class instance): checked every time
    }
    return key.length <= ValidatedArguments.MAX_KEY ? key : null;
  }

  get(type: NonNullable<ArgumentMetadata['metatype']>, key: string): unknown {
    return this.byClass.get(type)?.get(key);
  }

  set(type: NonNullable<ArgumentMetadata['metatype']>, key: string, result: unknown): void {
    let known = this.byClass.get(type);
    if (!known) this.byClass.set(type, (known = new Map<string, unknown>()));
    if (known.size >= ValidatedArguments.PER_CLASS) known.clear();
    known.set(key, result);
  }
}

const PLAIN_TYPES = new Set<unknown>([String, Number, Boolean, Object, Array]);

/**
 * A JSON replacer that lets through only what JSON says exactly: an argument set whose text could
 * stand for two values must not share a key. An Invalid Date (what the DateTime scalar makes of a
 * refused value, for @IsDate() to refuse) prints as null, like a null that passes; any object but a
 * plain one or a valid date could print the same for different contents.
 */
function plainDataOnly(this: unknown, key: string, printed: unknown): unknown {
  const raw = (this as Record<string, unknown>)[key];
  if (raw instanceof Date) {
    if (Number.isNaN(raw.getTime())) throw new Error('an invalid date');
    return printed;
  }
  if (raw !== null && typeof raw === 'object' && !Array.isArray(raw)) {
    const proto = Object.getPrototypeOf(raw) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new Error('not plain data');
  }
  return printed;
}

function deepFreeze<T>(value: T): T {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
  return Object.freeze(value);
}

function createClassValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    transform: true,
    whitelist: true,
    forbidUnknownValues: false,
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => {
      const problem = firstProblem(errors) ?? { field: 'input', message: 'is invalid' };
      return badUserInput(problem.field, problem.message.replace(new RegExp(`^${problem.field.split('.').pop() ?? ''}\\s*`), ''));
    },
  });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * The id an `_entities` reference names, lower-cased as ParseIdPipe does, or null when it is no UUID:
 * a malformed key answers null, exactly as an unknown id, and never reaches SQL as a uuid cast error.
 */
export function referenceId(reference: { id?: unknown }): string | null {
  return isUuid(reference.id) ? reference.id.toLowerCase() : null;
}

/** For `ID` arguments: ids are UUIDs, and a malformed one is the caller's mistake, not a missing record. */
export class ParseIdPipe implements PipeTransform<unknown, string> {
  constructor(private readonly field = 'id') {}

  transform(value: unknown): string {
    if (!isUuid(value)) throw badUserInput(this.field, 'must be a UUID');
    return value.toLowerCase();
  }
}

/**
 * `@IsOptional()` for a field that may be left out but not set to null: an update's `name` (left
 * out, it stays as it is), or a field that defaults when left out. `@IsOptional()` would let an
 * explicit null through to a NOT NULL column, a server fault; this refuses it by name, first.
 */
export function IsOptionalNotNull(): PropertyDecorator {
  const whenGiven = ValidateIf((_object: object, value: unknown) => value !== undefined);
  const notNull = IsDefined({ message: '$property cannot be null; leave it out instead' });
  return (target, key) => {
    whenGiven(target, key);
    notNull(target, key);
  };
}
