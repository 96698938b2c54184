/**
 * What a `github` origin names: one repository ("acme/api"), or every repository of an
 * organisation or user ("acme").
 */
import { ImportError } from '../errors.ts';
import { GitHubError, type GitHubClient } from './client.ts';

export type Origin = { owner: string; repo: string } | { owner: string; repo: null };

const OWNER = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$/;
const REPO = /^[A-Za-z0-9._-]{1,100}$/;

export function parseOrigin(path: string): Origin {
  const [owner = '', repo, ...rest] = path.trim().split('/');
  if (OWNER.test(owner) && rest.length === 0) {
    if (repo === undefined) return { owner, repo: null };
    if (REPO.test(repo) && repo !== '.' && repo !== '..') return { owner, repo };
  }
  throw new ImportError(
    path,
    'expected an organisation or user ("acme") or one repository ("acme/api")',
  );
}

/** Checks that the origin exists and the token may read it, with one request. */
export async function checkOrigin(client: GitHubClient, origin: Origin): Promise<void> {
  if (origin.repo !== null) {
    await client.request('GET /repos/{owner}/{repo}', { owner: origin.owner, repo: origin.repo });
  } else {
    await client.request('GET /users/{username}', { username: origin.owner });
  }
}

/** The full names of the origin's repositories ("owner/repo"), in the order GitHub lists them. */
export async function repositories(client: GitHubClient, origin: Origin): Promise<string[]> {
  if (origin.repo !== null) return [`${origin.owner}/${origin.repo}`];
  const names: string[] = [];
  try {
    for await (const page of client.paginate.iterator('GET /orgs/{org}/repos', {
      org: origin.owner,
      type: 'all',
      per_page: 100,
    })) {
      for (const repo of page.data) names.push(repo.full_name);
    }
  } catch (error) {
    // Not an organisation: a user's own repositories, then.
    if (!(error instanceof GitHubError) || error.status !== 404) throw error;
    for await (const page of client.paginate.iterator('GET /users/{username}/repos', {
      username: origin.owner,
      type: 'owner',
      per_page: 100,
    })) {
      for (const repo of page.data) names.push(repo.full_name);
    }
  }
  return names;
}
