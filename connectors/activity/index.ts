import { tableFileConnector } from '../table-file.ts';

/**
 * Activity in the interchange format: one row per piece of activity that is not help (a thread
 * started, a question asked, a commit), `id,person,at,kind` and an optional `context`; person is
 * a person id or e-mail address, as in the interactions file (README).
 */
export const activity = tableFileConnector({
  id: 'activity',
  description: 'activity that is not help, in the interchange format (CSV or NDJSON)',
  entity: 'activity',
  formats: ['csv', 'ndjson'],
});
