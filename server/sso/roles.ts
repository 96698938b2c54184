import type { Role } from '../access/tokens.ts';
import type { OidcSettings } from '../deploy/config.ts';
import type { Store } from '../store/database.ts';

/**
 * Who signed in, and as what, from data rather than hand-made tokens: the ID token's claim is
 * matched to an org chart e-mail; admin and analyst come from configured groups or e-mail
 * lists; manager from having reports in the org chart; member otherwise.
 */
export type SignInOutcome =
  { ok: true; person: string; name: string | null; role: Role } | { ok: false; reason: string };

export async function decideSignIn(
  store: Store,
  settings: OidcSettings,
  claims: Record<string, unknown>,
): Promise<SignInOutcome> {
  const raw = claims[settings.claim];
  if (typeof raw !== 'string' || raw === '') {
    return {
      ok: false,
      reason: `Your sign-in did not say your ${settings.claim === 'email' ? 'e-mail address' : `"${settings.claim}"`}, so helpflow cannot tell who you are.`,
    };
  }
  // A provider that lets people type any address must not sign them in as someone else.
  if (settings.claim === 'email' && claims.email_verified !== true) {
    return {
      ok: false,
      reason: `Your provider has not verified the e-mail address ${raw}, so helpflow cannot rely on it.`,
    };
  }
  const email = raw.toLowerCase();
  const person = await store.one<{ person: string; name: string | null; reports: number }>(
    `SELECT p.person_id AS person, p.display_name AS name,
            (SELECT count(*) FROM people r WHERE r.manager_id = p.person_id)::INTEGER AS reports
     FROM people p WHERE p.in_org_chart AND lower(p.email) = $1
     ORDER BY p.person_id LIMIT 1`,
    [email],
  );
  if (!person) {
    return {
      ok: false,
      reason: `You signed in as ${raw}, but no one with this e-mail address is in helpflow's org chart. Ask your helpflow administrator to check the org chart.`,
    };
  }
  const groups = claims[settings.groupsClaim];
  const inGroup = (wanted: string[]) =>
    Array.isArray(groups) && groups.some((group) => wanted.includes(String(group)));
  const role: Role =
    settings.adminEmails.includes(email) || inGroup(settings.adminGroups)
      ? 'admin'
      : settings.analystEmails.includes(email) || inGroup(settings.analystGroups)
        ? 'analyst'
        : person.reports > 0
          ? 'manager'
          : 'member';
  return { ok: true, person: person.person, name: person.name, role };
}
