import { writeFile } from 'node:fs/promises';
import { groupSizesOf, teamFilterRefusal, type Audience } from '../../access/audience.ts';
import { isRole, ROLES } from '../../access/tokens.ts';
import { Viewer } from '../../access/viewer.ts';
import { DEFAULT_API_CONFIG } from '../../services/settings.ts';
import { gatherBrief } from '../../brief/gather.ts';
import { renderBrief } from '../../brief/render.ts';
import { Reports, type ReportQuery } from '../../reports/reports.ts';
import { readDirectory } from '../../store/people-queries.ts';
import { UsageError, stringValue, type Command } from '../command.ts';

export const briefCommand: Command = {
  viaServer: { pathOptions: ['out'] },
  options: {
    out: { type: 'string' },
    team: { type: 'string' },
    from: { type: 'string' },
    to: { type: 'string' },
    source: { type: 'string' },
    role: { type: 'string' },
    person: { type: 'string' },
  },
  help: () =>
    [
      'Writes the headline figures, the weekly trend, the flows between groups, the flagged',
      'people, the communities, and the experts and bus factors of the busiest topics into one',
      'HTML file: inline SVG charts, no scripts, one or two A4 pages when printed.',
      'It shows what the API shows the role: --role admin (the default) sees everyone by name;',
      '--role analyst|manager|member [--person ID] sees what a token of that role (and person)',
      `would, with groups below ${DEFAULT_API_CONFIG.minGroupSize} people withheld.`,
    ].join('\n'),
  async run(context) {
    const out = stringValue(context, 'out');
    if (!out) throw new UsageError('brief needs --out FILE (the HTML file to write)');
    if (context.positionals.length > 0) throw new UsageError('brief takes no positional arguments');
    const role = stringValue(context, 'role') ?? 'admin';
    if (!isRole(role)) throw new UsageError(`--role "${role}" is not one of ${ROLES.join(', ')}`);
    const person = stringValue(context, 'person') ?? null;
    const query: ReportQuery = {};
    for (const name of ['from', 'to', 'team', 'source'] as const) {
      const value = stringValue(context, name);
      if (value !== undefined) query[name] = value;
    }
    const viewer = await Viewer.of(context.store, { role, tokenId: null, person });
    const directory = await readDirectory(context.store);
    const audience: Audience = {
      viewer,
      directory,
      groupSizes: groupSizesOf(directory),
      minGroupSize: DEFAULT_API_CONFIG.minGroupSize,
    };
    const refusal = query.team ? teamFilterRefusal(audience, query.team) : null;
    if (refusal) throw new UsageError(`--team: ${refusal}`);
    const data = await gatherBrief(new Reports(context.store), audience, query);
    await writeFile(out, renderBrief(data));
    const flagged = data.isolation.people.filter((p) => p.flags.length > 0).length;
    console.log(
      `Wrote ${out}: ${data.isolation.window.from.slice(0, 10)} to ${data.isolation.window.to.slice(0, 10)} (end exclusive), ${flagged} flagged, ${data.communities.communities.length} communities, as ${role}.`,
    );
    return 0;
  },
};
