/**
 * Reading JSON input: parsing that says where it failed without quoting the text, and checks
 * of the parsed values' shapes that name what was found instead.
 */
import { errorMessage } from '../errors.ts';
import { badInput, type Origin } from './origin.ts';

/** No export file we read comes near this; V8 cannot hold a much longer string anyway. */
export const MAX_JSON_BYTES = 512 * 2 ** 20;

/**
 * Parses JSON and, on failure, says where without quoting the input: V8's messages quote a
 * piece of the text, and message text must never reach an error that is stored.
 */
export function parseJson(text: string, origin: Origin): unknown {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(body);
  } catch (error) {
    const message = errorMessage(error);
    const position = /at position (\d+)/.exec(message);
    const at = position ? Number(position[1]) : -1;
    const cutShort =
      /Unexpected end of JSON input/.test(message) ||
      (at >= body.trimEnd().length - 1 && /Unterminated|Expected/.test(message));
    const where = at >= 0 ? ` at ${lineAndColumn(body, at)}` : '';
    throw badInput(
      origin,
      cutShort
        ? 'not valid JSON: it ends in the middle of a value (is the file cut short?)'
        : `not valid JSON: syntax error${where}`,
    );
  }
}

function lineAndColumn(text: string, position: number): string {
  const before = text.slice(0, position);
  const line = before.split('\n').length;
  return `line ${line}, column ${position - before.lastIndexOf('\n')}`;
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function kindOf(value: unknown): string {
  if (Array.isArray(value)) return 'an array';
  return value === null ? 'null' : `a ${typeof value}`;
}

export function nonEmptyString(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
