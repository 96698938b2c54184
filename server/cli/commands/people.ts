import { searchPeople, setOptedOut } from '../../store/people-queries.ts';
import { UsageError, printJson, type Command } from '../command.ts';

export const peopleCommand: Command = {
  name: 'people',
  usage: 'people opt-out ID | people opt-in ID | people list [TEXT]',
  summary: 'opt a person out of (or back into) every analysis and view; find people',
  viaServer: {},
  help: () =>
    [
      'An opted-out person vanishes from every report, graph, export and API response; their',
      'interactions stay stored (so opting back in restores them) but are never analysed.',
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
    throw new UsageError('use: helpflow people opt-out ID | people opt-in ID | people list [TEXT]');
  },
};
