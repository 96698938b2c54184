import { tableFileConnector } from '../table-file.ts';

/** Links accounts to people by hand: `person,source,account` (for example `p0042,slack,U0123`). */
export const aliases = tableFileConnector({
  id: 'aliases',
  description: 'account-to-person links (person,source,account)',
  entity: 'aliases',
  formats: ['csv'],
});
