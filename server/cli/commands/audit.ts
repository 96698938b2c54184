import { readAudit } from '../../access/audit.ts';
import { UsageError, printJson, stringValue, type Command } from '../command.ts';

export const auditCommand: Command = {
  viaServer: {},
  options: { person: { type: 'string' }, limit: { type: 'string' } },
  async run(context) {
    const limitText = stringValue(context, 'limit') ?? '100';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`--limit "${limitText}" is not a whole number ≥ 1`);
    const entries = await readAudit(context.store, {
      limit,
      subject: stringValue(context, 'person'),
    });
    if (context.json) printJson({ entries });
    else if (entries.length === 0) console.log('The audit log is empty.');
    else {
      for (const e of entries) {
        console.log(
          `${e.at}  ${e.role}${e.viewer ? ` ${e.viewer}` : ''} (token ${e.tokenId ?? '-'})  ${e.action} ${e.subject ?? ''}`,
        );
      }
    }
    return 0;
  },
};
