import { tableFileConnector } from '../table-file.ts';

/**
 * The interchange format: one row per help event, `id,helper,helped,at,kind,topic,context` and
 * an optional `weight`; helper and helped are person ids or e-mail addresses (README).
 */
export const interactions = tableFileConnector({
  id: 'interactions',
  description: 'help events in the interchange format (CSV or NDJSON)',
  entity: 'interactions',
  formats: ['csv', 'ndjson'],
});
