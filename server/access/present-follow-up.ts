import type { FollowUpResponse } from '../routes/people/follow-up-schema.ts';
import type { ChangedPartner, FollowUp } from '../reports/follow-up.ts';
import type { PersonView } from '../reports/person-view.ts';
import { ordered, refOf, type Audience } from './audience.ts';

/**
 * A follow-up, for a viewer who may see its person by name (the route refuses the rest): the
 * partners lost and gained are people like any other, named or pseudonymised one by one, and
 * listed strongest first, then in the viewer's order (never by id for non-admins).
 */
export function presentFollowUp(
  view: PersonView,
  changes: FollowUp,
  audience: Audience,
): FollowUpResponse {
  const partners = (list: ChangedPartner[]) =>
    ordered(
      audience,
      list,
      (p) => p.person,
      (a, b) => b.weight - a.weight,
    ).map((p) => ({
      ...refOf(audience, p.person),
      weight: p.weight,
      interactions: p.interactions,
      firstAt: p.firstAt,
      lastAt: p.lastAt,
    }));
  return {
    window: changes.window,
    previousWindow: changes.previousWindow,
    profile: refOf(audience, view.profile.person),
    flags: view.flags,
    reasons: view.reasons,
    lost: partners(changes.lost),
    gained: partners(changes.gained),
    kept: changes.kept,
    weeks: changes.weeks.map(({ week, given, received, partners: count }) => ({
      week,
      given,
      received,
      partners: count,
    })),
  };
}
