import { FILTER_OPTIONS, reportFilters } from '../../reports/filters.ts';
import {
  FLOW_GROUPINGS,
  Reports,
  type FlowGrouping,
  type ReportQuery,
} from '../../reports/reports.ts';
import {
  UsageError,
  printJson,
  stringValue,
  type Command,
  type CommandContext,
} from '../command.ts';
import { count } from '../progress.ts';

const KINDS = ['isolation', 'experts', 'communities', 'flows', 'people', 'trends'] as const;
type Kind = (typeof KINDS)[number];

export const reportCommand: Command = {
  viaServer: {},
  options: {
    ...FILTER_OPTIONS,
    limit: { type: 'string' },
    by: { type: 'string' },
  },
  help: () =>
    [
      'The window is [--from, --to); by default the 90 days ending at the newest activity of the',
      'sources selected (--source, else all). Each report says which sources cover its window',
      'and the previous one, and warns when one covers only part of it.',
      '--team, --topic, --source and --kind narrow the help counted (for experts, --topic is the',
      'topic or search string to rank people on). --limit N shortens long human-readable lists',
      '(default 20); --json always gives everything.',
      '',
      '  isolation    who asked and got no answer, has no ties, went quiet, is fading, new or',
      '               on the edge; with their last activity and former partners',
      "  experts      who to ask about --topic, with the evidence and the topic's bus factor",
      '  communities  Louvain communities, how they match the org chart, how they changed',
      '  flows        help between groups, E-I index, brokers, silos; --by team (the default',
      '               with an org chart), community (the default without) or context',
      '  people       per person: help given and received, PageRank, betweenness, persona …',
      '  trends       weekly series per team and for the whole organisation',
    ].join('\n'),
  async run(context) {
    const [kind, ...rest] = context.positionals;
    if (!kind || rest.length > 0 || !KINDS.includes(kind as Kind)) {
      throw new UsageError(`report takes one of ${KINDS.join(', ')}`);
    }
    const query = reportFilters((name) => stringValue(context, name));
    const limitText = stringValue(context, 'limit') ?? '20';
    const limit = Number(limitText);
    if (!Number.isInteger(limit) || limit < 1)
      throw new UsageError(`--limit "${limitText}" is not a whole number of at least 1`);
    const by = stringValue(context, 'by');
    if (by !== undefined && (kind !== 'flows' || !FLOW_GROUPINGS.includes(by as FlowGrouping))) {
      throw new UsageError(
        kind === 'flows'
          ? `--by "${by}" is not one of ${FLOW_GROUPINGS.join(', ')}`
          : '--by applies to report flows only',
      );
    }
    const reports = new Reports(context.store);
    const report = await produce(reports, kind as Kind, { ...query, by: by as FlowGrouping });
    if (context.json) printJson(report.result);
    else console.log(describe(report, limit, context));
    return 0;
  },
};

/** A report and its kind, so that each is described with its own type. */
type Produced = {
  [K in Kind]: { kind: K; result: Awaited<ReturnType<Reports[K]>> };
}[Kind];

async function produce(
  reports: Reports,
  kind: Kind,
  { by, ...query }: ReportQuery & { by: FlowGrouping | undefined },
): Promise<Produced> {
  switch (kind) {
    case 'isolation':
      return { kind, result: await reports.isolation(query) };
    case 'experts': {
      if (!query.topic)
        throw new UsageError('report experts needs --topic (a topic or a search string)');
      const { topic, ...rest } = query;
      return { kind, result: await reports.experts({ ...rest, search: topic }) };
    }
    case 'communities':
      return { kind, result: await reports.communities(query) };
    case 'flows':
      return { kind, result: await reports.flows(by ? { ...query, by } : query) };
    case 'people':
      return { kind, result: await reports.people(query) };
    case 'trends':
      return { kind, result: await reports.trends(query) };
  }
}

const plural = (n: number, one: string, many: string) => `${count(n)} ${n === 1 ? one : many}`;
const who = (p: { person: string; name?: string | null; team?: string | null }) =>
  `${p.name ?? p.person}${p.team ? ` (${p.team})` : ''}`;
const fixed = (value: number | null | undefined, digits = 2) =>
  value === null || value === undefined ? '–' : value.toFixed(digits);

/** A share as a whole percentage ('–' when there is none: nobody matched the topic). */
const percent = (share: number | null) => (share === null ? '–' : `${fixed(share * 100, 0)}%`);

const FLOW_NOUNS: Record<FlowGrouping, [string, string]> = {
  team: ['team', 'teams'],
  community: ['community', 'communities'],
  context: ['context', 'contexts'],
};

function describe(report: Produced, limit: number, context: CommandContext): string {
  const { window, coverage } = report.result;
  const lines = [
    `${report.kind} · window ${window.from.slice(0, 10)} to ${window.to.slice(0, 10)} (end exclusive) · ${context.dbPath}`,
  ];
  for (const warning of coverage.warnings) lines.push(`warning: ${warning}`);
  const more = (total: number) =>
    total > limit && lines.push(`  … ${count(total - limit)} more (--limit, or --json for all)`);
  switch (report.kind) {
    case 'isolation': {
      const r = report.result;
      const flagged = r.people.filter((p) => p.flags.length > 0);
      lines.push(
        `${count(flagged.length)} of ${count(r.people.length)} people flagged; ${count(r.notCovered.length)} seen only where the window has no data; ${count(r.neverActive.length)} never active in the selected sources`,
      );
      for (const p of flagged.slice(0, limit)) {
        const last = p.lastActivity ? `last active ${String(p.lastActivity).slice(0, 10)}` : '';
        const former = p.formerPartners.length
          ? `, ${plural(p.formerPartners.length, 'former partner', 'former partners')}`
          : '';
        lines.push(`  ${who(p)} [${p.flags.join(', ')}] ${last}${former}: ${p.reasons.join('; ')}`);
      }
      more(flagged.length);
      break;
    }
    case 'experts': {
      const r = report.result;
      lines.push(
        `topic "${r.topic}" (matched: ${r.matchedTopics.join(', ') || 'nothing'}) · bus factor: top 1 carries ${percent(r.busFactor.top1Share)}, top 3 ${percent(r.busFactor.top3Share)}`,
      );
      if (r.suggestions.length > 0)
        lines.push(`  nothing matched; nearest: ${r.suggestions.join(', ')}`);
      r.experts
        .slice(0, limit)
        .forEach((e, i) =>
          lines.push(
            `  ${i + 1}. ${who(e)} · helped ${plural(e.peopleHelped, 'person', 'people')} · score ${fixed(e.score)} · ${plural(e.evidence.interactions, 'interaction', 'interactions')}, last ${String(e.evidence.lastAt).slice(0, 10)}`,
          ),
        );
      more(r.experts.length);
      break;
    }
    case 'communities': {
      const r = report.result;
      lines.push(
        `${r.communities.length} communities · modularity ${fixed(r.modularity, 3)} · ` +
          (r.agreement
            ? `agreement with teams (NMI) ${fixed(r.agreement.nmi, 3)}`
            : 'no org chart to compare with'),
      );
      for (const c of r.communities.slice(0, limit)) {
        const teams = c.teams
          .slice(0, 3)
          .map((t) => `${t.team ?? '(no team)'} ${t.count}`)
          .join(', ');
        lines.push(
          `  #${c.id} ${c.name} · ${c.size} people${teams ? ` · ${teams}` : ''}${c.crossTeam ? ' · crosses teams' : ''}`,
        );
      }
      more(r.communities.length);
      break;
    }
    case 'flows': {
      const r = report.result;
      const [noun, nouns] = FLOW_NOUNS[r.by];
      lines.push(`grouped by ${r.by}`);
      for (const t of r.teams)
        lines.push(
          `  ${String(t.team).padEnd(20)} size ${String(t.size).padStart(4)} · E-I ${fixed(t.eiIndex)} · given ${fixed(t.helpGiven, 1)} · received ${fixed(t.helpReceived, 1)}`,
        );
      const cross = r.flows.filter((f) => f.from !== f.to).sort((a, b) => b.weight - a.weight);
      lines.push(`biggest flows between ${nouns}:`);
      for (const f of cross.slice(0, limit))
        lines.push(`  ${f.from} → ${f.to}: ${fixed(f.weight, 1)} (${fixed(f.ratio)}× expected)`);
      for (const s of r.silos) lines.push(`  silo (${noun}): ${s.team}: ${s.reason}`);
      break;
    }
    case 'people': {
      const r = report.result;
      lines.push(
        `betweenness: ${r.betweenness.method}${r.betweenness.method === 'sampled' ? ` from ${r.betweenness.sources} sources, within ${fixed(r.betweenness.errorBound, 4)} of the exact value (95 %)` : ''}`,
      );
      for (const p of r.people.slice(0, limit))
        lines.push(
          `  ${who(p)} · gives ${fixed(p.helpGiven, 1)} to ${p.peopleHelped} · gets ${fixed(p.helpReceived, 1)} from ${p.helpedBy} · PageRank ${fixed(p.pagerank, 4)} · ${p.persona}`,
        );
      more(r.people.length);
      break;
    }
    case 'trends': {
      const r = report.result;
      lines.push('week        active helpers  ties  isolated  cross-team');
      for (const w of r.organisation)
        lines.push(
          `${w.week}  ${String(w.activeHelpers).padStart(14)}  ${String(w.ties).padStart(4)}  ${String(w.isolated).padStart(8)}  ${w.crossTeamShare === null ? '–' : `${(w.crossTeamShare * 100).toFixed(0)}%`}`,
        );
      break;
    }
  }
  return lines.join('\n');
}
