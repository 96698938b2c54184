import { Type } from '@fastify/type-provider-typebox';
import { PersonRef, Window } from '../../api/schemas.ts';

/** The follow-up's response, exactly: the route serialises by it and the dashboard types by it. */

const ChangedPartner = Type.Object({
  ...PersonRef,
  weight: Type.Number(),
  interactions: Type.Integer(),
  firstAt: Type.String({ format: 'date-time' }),
  lastAt: Type.String({ format: 'date-time' }),
});

export const FollowUpResponse = Type.Object({
  window: Window,
  previousWindow: Window,
  profile: Type.Object(PersonRef),
  flags: Type.Array(Type.String()),
  reasons: Type.Array(Type.String()),
  lost: Type.Array(ChangedPartner, {
    description: 'help in the previous window, none in this one; dates of that help',
  }),
  gained: Type.Array(ChangedPartner, { description: 'help in this window, none before' }),
  kept: Type.Integer({ description: 'partners with help in both windows' }),
  weeks: Type.Array(
    Type.Object({
      week: Type.String(),
      given: Type.Number(),
      received: Type.Number(),
      partners: Type.Integer(),
    }),
    { description: 'help per week over both windows, Monday first' },
  ),
});
