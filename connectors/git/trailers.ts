/**
 * The commit trailers that name someone who helped the author (docs/help.md, git history), and
 * how their values are read: `Name <address>` or a bare address; keys match in any case.
 */
export const HELP_TRAILER_KEYS = [
  'Helped-by',
  'Reviewed-by',
  'Mentored-by',
  'Co-authored-by',
  'Acked-by',
  'Tested-by',
  'Suggested-by',
] as const;

export interface Trailer {
  /** The key in lower case (`reviewed-by`), part of the interaction's sourceId. */
  key: string;
  name: string | null;
  /** As written; null when the trailer names no address. */
  email: string | null;
}

const NAME_AND_ADDRESS = /^(.*?)\s*<([^<>\s]+@[^<>\s]+)>/;
const BARE_ADDRESS = /^<?([^<>\s]+@[^<>\s]+?)>?$/;

export function parseTrailer(raw: string): Trailer {
  const colon = raw.indexOf(':');
  const key = raw.slice(0, colon).trim().toLowerCase();
  const value = raw.slice(colon + 1).trim();
  const full = NAME_AND_ADDRESS.exec(value);
  if (full) return { key, name: full[1] || null, email: full[2]! };
  const bare = BARE_ADDRESS.exec(value);
  return bare ? { key, name: null, email: bare[1]! } : { key, name: value || null, email: null };
}

/** GitHub and other forges write bots as `name[bot]`, in the name or the address. */
export function isBotIdentity(name: string | null, email: string): boolean {
  return /\[bot\]/i.test(email) || (name !== null && /\[bot\]$/i.test(name.trim()));
}
