import { resolve } from 'node:path';

/**
 * Where the database lives: `--db FILE`, else `HELPFLOW_DB`, else `./data/helpflow.duckdb`.
 */
export function databasePath(flag: string | undefined): string {
  return resolve(flag ?? process.env.HELPFLOW_DB ?? 'data/helpflow.duckdb');
}

/**
 * How much one interaction of each kind counts in a tie, unless the interaction carries its own
 * weight (docs/help.md). A thread reply is the unit; a starter's reaction on a reply confirms that
 * the reply helped, so it adds to it; kinds not listed count 1.
 */
export const DEFAULT_KIND_WEIGHTS: Readonly<Record<string, number>> = {
  reply: 1,
  reaction: 0.5,
  review: 2,
  'review-comment': 1,
  'issue-comment': 1,
  trailer: 2,
  answer: 2,
  'accepted-answer': 4,
  comment: 0.5,
  'email-reply': 1,
  help: 1,
};

/**
 * Contexts that are social rather than for help (`#random`): help there is real but says less
 * about expertise, so it counts `SOCIAL_WEIGHT` of its weight in the expert ranking. Names match
 * without case or a leading #. HELPFLOW_SOCIAL_CONTEXTS (comma-separated; empty for none)
 * replaces the default list.
 */
export const DEFAULT_SOCIAL_CONTEXTS: readonly string[] = ['random', 'general', 'off-topic'];
export const SOCIAL_WEIGHT = 0.25;

export function socialContexts(env: NodeJS.ProcessEnv = process.env): string[] {
  const configured = env.HELPFLOW_SOCIAL_CONTEXTS;
  const names = configured === undefined ? DEFAULT_SOCIAL_CONTEXTS : configured.split(',');
  return names.map((name) => name.trim().replace(/^#/, '').toLowerCase()).filter(Boolean);
}

/** How accounts become people (server/store/identity.ts) and when to doubt the result. */
export interface IdentityOptions {
  /**
   * Sources whose account e-mail is only what its owner typed into a profile: the GitHub and
   * GitLab APIs return such addresses without saying whether anyone verified them. Such an
   * address links nothing by itself; it becomes a suggestion. Every other source's address
   * counts as verified: Slack members confirm theirs, an `email` account is the address, an
   * interchange file is the organisation's own word.
   */
  selfDeclaredEmailSources: readonly string[];
  /** More accounts than this on one person is implausible enough to warn about. */
  maxAccountsPerPerson: number;
}

export const DEFAULT_IDENTITY: Readonly<IdentityOptions> = {
  selfDeclaredEmailSources: ['github', 'gitlab'],
  maxAccountsPerPerson: 8,
};
