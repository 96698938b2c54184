import { Type, type Static } from '@fastify/type-provider-typebox';
import { Exact, PersonRefSchema, WindowSchema } from '../../api/responses.ts';

/** The follow-up's exact response: the route serialises by it and the dashboard types by it. */

const ChangedPartnerSchema = Exact({
  ...PersonRefSchema.properties,
  weight: Type.Number(),
  interactions: Type.Integer(),
  firstAt: Type.String({ format: 'date-time' }),
  lastAt: Type.String({ format: 'date-time' }),
});

export const FollowUpSchema = Exact({
  window: WindowSchema,
  previousWindow: WindowSchema,
  profile: PersonRefSchema,
  flags: Type.Array(Type.String()),
  reasons: Type.Array(Type.String()),
  lost: Type.Array(ChangedPartnerSchema, {
    description: 'help in the previous window, none in this one; dates of that help',
  }),
  gained: Type.Array(ChangedPartnerSchema, { description: 'help in this window, none before' }),
  kept: Type.Integer({ description: 'partners with help in both windows' }),
  weeks: Type.Array(
    Exact({
      week: Type.String(),
      given: Type.Number(),
      received: Type.Number(),
      partners: Type.Integer(),
    }),
    { description: 'help per week over both windows, Monday first' },
  ),
});
export type FollowUpResponse = Static<typeof FollowUpSchema>;
