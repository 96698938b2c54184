/**
 * Reading fields of parsed JSON records with errors that name the file, the record and the
 * field path (`post.replies[2].user`), and say what was found instead, never quoting it.
 */
import { ImportError } from '../errors.ts';
import { isObject, kindOf, nonEmptyString } from '../shared/json.ts';

export interface Where {
  file: string;
  /** The record: `line 12`, `message 3 (id 123)`. */
  record: string;
}

export function found(value: unknown): string {
  return value === undefined ? 'nothing' : kindOf(value);
}

export function badField(where: Where, field: string, problem: string): ImportError {
  return new ImportError(where.file, problem, { record: where.record, field });
}

export function objectField(
  object: Record<string, unknown>,
  key: string,
  path: string,
  where: Where,
): Record<string, unknown> {
  const value = object[key];
  if (!isObject(value)) {
    throw badField(where, path, `expected an object, found ${found(value)}`);
  }
  return value;
}

export function stringField(
  object: Record<string, unknown>,
  key: string,
  path: string,
  where: Where,
): string {
  const value = nonEmptyString(object[key]);
  if (value === null) {
    throw badField(where, path, `expected a non-empty string, found ${found(object[key])}`);
  }
  return value;
}

/** An ISO 8601 date-time with a time zone, as an ISO string in UTC. */
export function dateTimeField(
  object: Record<string, unknown>,
  key: string,
  path: string,
  where: Where,
): string {
  const value = object[key];
  const millis = typeof value === 'string' && ISO_DATE_TIME.test(value) ? Date.parse(value) : NaN;
  if (!Number.isFinite(millis)) {
    throw badField(
      where,
      path,
      `expected an ISO 8601 date-time like "2024-05-01T09:30:00Z", found ${found(value)}`,
    );
  }
  return new Date(millis).toISOString();
}

const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/;

export function arrayField(
  object: Record<string, unknown>,
  key: string,
  path: string,
  where: Where,
): unknown[] {
  const value = object[key];
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw badField(where, path, `expected a list, found ${found(value)}`);
  return value;
}
