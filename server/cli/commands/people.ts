import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { ErasureError, forgetPerson } from '../../store/erasure.ts';
import { exportPerson, PersonNotFoundError } from '../../store/person-export.ts';
import { searchPeople, setOptedOut } from '../../store/people-queries.ts';
import { UsageError, printJson, stringValue, type Command } from '../command.ts';

const USE =
  'use: helpflow people opt-out ID | opt-in ID | list [TEXT] | forget ID --yes | export ID [--out FILE]';
/** The CLI acts as the data's owner: the admin, with no token. */
const CLI_ADMIN = { tokenId: null, role: 'admin', viewer: null };

export const peopleCommand: Command = {
  options: { yes: { type: 'boolean', default: false }, out: { type: 'string' } },
  viaServer: { pathOptions: ['out'] },
  help: () =>
    [
      'An opted-out person vanishes from every report, graph, export and API response; their',
      'interactions stay stored (so opting back in restores them) but are never analysed.',
      'forget ID --yes: erases the person for good: their org chart entry, accounts, aliases,',
      'tokens, identity history and every event they took part in; audit entries about them',
      'are kept but no longer say whom. Only salted hashes of their ids and e-mail addresses',
      'remain, so a later import of a source that still lists them drops them again.',
      'export ID: everything stored about the person, as JSON (to --out FILE, else standard',
      'output). Both are written to the audit log.',
    ].join('\n'),
  async run(context) {
    const [action, id, ...rest] = context.positionals;
    if ((action === 'opt-out' || action === 'opt-in') && id && rest.length === 0) {
      const optedOut = action === 'opt-out';
      if (!(await setOptedOut(context.store, id, optedOut))) {
        throw new UsageError(`there is no person "${id}" (helpflow people list NAME finds ids)`);
      }
      if (context.json) printJson({ person: id, optedOut });
      else
        console.log(
          optedOut ? `${id} is opted out of every analysis and view.` : `${id} is opted back in.`,
        );
      return 0;
    }
    if (action === 'list' && rest.length === 0) {
      const people = await searchPeople(context.store, { text: id, limit: 1000 });
      if (context.json) printJson({ people });
      else
        for (const p of people)
          console.log(`${p.person}  ${p.name ?? '-'}  ${p.team ?? '-'}  ${p.email ?? ''}`);
      return 0;
    }
    if (action === 'forget' && id && rest.length === 0) {
      if (context.values.yes !== true) {
        throw new UsageError(
          `forgetting "${id}" erases them and every event they took part in, and cannot be undone: add --yes`,
        );
      }
      try {
        const result = await forgetPerson(context.store, id, CLI_ADMIN);
        const events = Object.values(result.events).reduce((sum, n) => sum + n, 0);
        if (context.json) printJson(result);
        else
          console.log(
            `${id} is forgotten: ${result.accounts} accounts and ${events} events deleted, ` +
              `${result.auditRedacted} audit entries redacted.`,
          );
        return 0;
      } catch (error) {
        if (error instanceof ErasureError) throw new UsageError(error.message);
        throw error;
      }
    }
    if (action === 'export' && id && rest.length === 0) {
      let data;
      try {
        data = await exportPerson(context.store, id, CLI_ADMIN);
      } catch (error) {
        if (error instanceof PersonNotFoundError) throw new UsageError(error.message);
        throw error;
      }
      const text = `${JSON.stringify(data, null, 2)}\n`;
      const out = stringValue(context, 'out');
      if (!out) process.stdout.write(text);
      else {
        const stream = createWriteStream(out, { mode: 0o600 });
        stream.end(text);
        await once(stream, 'finish');
        console.error(`Wrote everything stored about ${id} to ${out}`);
      }
      return 0;
    }
    throw new UsageError(USE);
  },
};
