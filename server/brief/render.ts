import type { TrendsResponse } from '../api/responses.ts';
import type { BriefData } from './gather.ts';

/**
 * The brief as one self-contained HTML document: its styles inline, its charts inline SVG, no
 * script and nothing fetched, so it can be mailed, archived or printed as it is. Sized for one
 * or two A4 pages: the lists are cut to their first few entries and say how many more there are.
 */

export const BRIEF_LIMITS = { flagged: 8, flows: 8, communities: 6, experts: 3 };

const STYLE = `
@page { size: A4; margin: 12mm; }
* { box-sizing: border-box; }
body { font: 9.5pt/1.35 system-ui, sans-serif; color: #222; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2pt; }
h2 { font-size: 11pt; margin: 10pt 0 4pt; border-bottom: 1px solid #ccc; }
p { margin: 2pt 0; }
.meta, .note { color: #555; }
.figures { display: flex; gap: 6pt; margin: 6pt 0; }
.figure { flex: 1; border: 1px solid #ddd; padding: 4pt 6pt; }
.figure b { display: block; font-size: 15pt; }
.columns { display: flex; gap: 12pt; }
.columns > section { flex: 1; min-width: 0; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 1.5pt 4pt; border-bottom: 1px solid #eee; vertical-align: top; }
td.n, th.n { text-align: right; }
section { break-inside: avoid; }
td.who { width: 22%; }
td.flags { width: 16%; }
svg text { font: 7.5pt system-ui, sans-serif; fill: #444; }
`;

export function renderBrief(data: BriefData, generatedAt = new Date()): string {
  const { isolation, flows, communities, trends } = data;
  const window = isolation.window;
  const flagged = isolation.people.filter((p) => p.flags.length > 0);
  const cells = flows.flows;
  const total = sum(cells.map((c) => c.weight));
  const across = sum(cells.filter((c) => c.from !== c.to).map((c) => c.weight));
  const ties = sum(cells.map((c) => c.ties));
  const title = `Help in the organisation${data.query.team ? `: ${data.query.team}` : ''}`;
  const figures: [string, string][] = [
    ['help ties', whole(ties)],
    ['help given (weighted)', whole(total)],
    ['of it across groups', total > 0 ? percent(across / total) : '–'],
    ['people flagged', whole(flagged.length)],
    ['communities', whole(communities.communities.length)],
  ];
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escape(title)}</h1>
<p class="meta">${escape(period(window))} · made ${escape(generatedAt.toISOString().slice(0, 10))} by helpflow for a reader with the ${escape(data.role)} role${isolation.pseudonymised || flows.pseudonymised ? '; people outside what this role may see are not named' : ''}.</p>
${isolation.coverage.warnings.map((w) => `<p class="note">Note: ${escape(w)}</p>`).join('\n')}
<div class="figures">${figures.map(([label, value]) => `<div class="figure"><b>${escape(value)}</b>${escape(label)}</div>`).join('')}</div>
<div class="columns">
<section><h2>Trend: active helpers per week</h2>${weekChart(trends, 'activeHelpers')}</section>
<section><h2>Trend: help ties per week</h2>${weekChart(trends, 'ties')}</section>
</div>
<section><h2>Flows: the most help between ${escape(flows.by === 'team' ? 'teams' : flows.by === 'community' ? 'communities' : 'contexts')}</h2>${flowChart(data)}
${flows.withheld.length > 0 ? `<p class="note">Withheld: ${escape(flows.withheld.map((w) => w.team).join(', '))}: fewer people than the minimum group size.</p>` : ''}
${flows.silos.length > 0 ? `<p>Silos: ${escape(flows.silos.map((s) => `${s.team} (${s.reason})`).join('; '))}.</p>` : ''}</section>
<section><h2>People flagged (${whole(flagged.length)})</h2>${flaggedTable(data)}</section>
<div class="columns">
<section><h2>Communities (${whole(communities.communities.length)}, modularity ${communities.modularity.toFixed(2)})</h2>${communitiesTable(data)}</section>
<section><h2>Experts and bus factors</h2>${expertsTable(data)}</section>
</div>
</body>
</html>
`;
}

function flaggedTable({ isolation }: BriefData): string {
  const flagged = isolation.people.filter((p) => p.flags.length > 0);
  if (flagged.length === 0) return '<p>No one this reader may see is flagged.</p>';
  const rows = flagged
    .slice(0, BRIEF_LIMITS.flagged)
    .map(
      (p) =>
        `<tr><td class="who">${escape(who(p))}</td><td class="flags">${escape(p.flags.join(', '))}</td><td>${escape(p.reasons[0] ?? '')}</td></tr>`,
    );
  return `<table><thead><tr><th>Person</th><th>Flags</th><th>Why</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(flagged.length, BRIEF_LIMITS.flagged, 'flagged people')}`;
}

function communitiesTable({ communities }: BriefData): string {
  const list = [...communities.communities].sort((a, b) => b.size - a.size);
  if (list.length === 0) return '<p>No communities: no help ties in this window.</p>';
  const rows = list.slice(0, BRIEF_LIMITS.communities).map(
    (c) =>
      `<tr><td>${escape(c.name)}</td><td class="n">${whole(c.size)}</td><td>${escape(
        c.teams
          .slice(0, 2)
          .map((t) => t.team)
          .join(', '),
      )}${c.crossTeam ? ' (across teams)' : ''}</td></tr>`,
  );
  return `<table><thead><tr><th>Community</th><th class="n">People</th><th>Mostly</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more(list.length, BRIEF_LIMITS.communities, 'communities')}`;
}

function expertsTable({ experts }: BriefData): string {
  if (experts.length === 0) return '<p>No topic carries help in this window.</p>';
  const rows = experts.map((report) => {
    const top = report.experts
      .slice(0, BRIEF_LIMITS.experts)
      .map((e) => who(e))
      .join(', ');
    const share = report.busFactor.top1Share;
    return `<tr><td>${escape(report.topic)}</td><td>${escape(top)}</td><td class="n">${whole(report.busFactor.helpers)}</td><td class="n">${share === null ? '–' : percent(share)}</td></tr>`;
  });
  return `<table><thead><tr><th>Topic</th><th>Go-to people</th><th class="n">Helpers</th><th class="n">Top helper's share</th></tr></thead><tbody>${rows.join('')}</tbody></table><p class="note">A high share for the top helper is a bus factor of one: the topic rests on one person.</p>`;
}

/** A line chart of one weekly series of the organisation, with its first and last week. */
function weekChart(trends: TrendsResponse, field: 'activeHelpers' | 'ties'): string {
  const weeks = trends.organisation;
  if (weeks.length === 0) return '<p>No weeks in this window.</p>';
  const [width, height, pad] = [320, 90, 18];
  const values = weeks.map((w) => w[field]);
  const max = Math.max(1, ...values);
  const x = (i: number) =>
    pad + (weeks.length === 1 ? 0 : (i * (width - 2 * pad)) / (weeks.length - 1));
  const y = (v: number) => height - pad - (v * (height - 2 * pad)) / max;
  const points = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ');
  return `<svg viewBox="0 0 ${width} ${height}" width="100%" role="img" aria-label="${escape(`${field === 'ties' ? 'Help ties' : 'Active helpers'} per week, from ${values[0]} to ${values[values.length - 1]}`)}">
<line x1="${pad}" y1="${height - pad}" x2="${width - pad}" y2="${height - pad}" stroke="#bbb"/>
<polyline points="${points}" fill="none" stroke="#4477AA" stroke-width="1.5"/>
<text x="${pad}" y="${height - 4}">${escape(weeks[0]!.week)}</text>
<text x="${width - pad}" y="${height - 4}" text-anchor="end">${escape(weeks[weeks.length - 1]!.week)}</text>
<text x="${pad}" y="10">max ${whole(max)}</text>
<text x="${width - pad}" y="${(y(values[values.length - 1]!) - 4).toFixed(1)}" text-anchor="end">${whole(values[values.length - 1]!)}</text>
</svg>`;
}

/** Horizontal bars of the heaviest flows between different groups. */
function flowChart({ flows }: BriefData): string {
  const cross = flows.flows
    .filter((f) => f.from !== f.to && f.weight > 0)
    .sort((a, b) => b.weight - a.weight)
    .slice(0, BRIEF_LIMITS.flows);
  if (cross.length === 0) return '<p>No help between groups in this window.</p>';
  const [width, row, label] = [640, 15, 230];
  const max = cross[0]!.weight;
  const bars = cross.map((f, i) => {
    const y = i * row;
    const length = Math.max(1, ((width - label - 130) * f.weight) / max);
    return `<text x="${label - 6}" y="${y + 10}" text-anchor="end">${escape(`${f.from} → ${f.to}`)}</text>
<rect x="${label}" y="${y + 2}" width="${length.toFixed(1)}" height="${row - 5}" fill="#EE7733"/>
<text x="${(label + length + 4).toFixed(1)}" y="${y + 10}">${escape(whole(f.weight))}${f.ratio === null ? '' : ` (${f.ratio.toFixed(1)}× expected)`}</text>`;
  });
  return `<svg viewBox="0 0 ${width} ${cross.length * row}" width="100%" role="img" aria-label="The heaviest flows of help between groups">${bars.join('\n')}</svg>`;
}

function who(person: { name: string | null; team: string | null }): string {
  if (person.name) return person.team ? `${person.name} (${person.team})` : person.name;
  return person.team ? `someone in ${person.team}` : 'someone';
}

function more(total: number, shown: number, what: string): string {
  return total > shown ? `<p class="note">… and ${whole(total - shown)} more ${what}.</p>` : '';
}

function period(window: { from: string; to: string }): string {
  const last = new Date(Date.parse(window.to) - 1).toISOString().slice(0, 10);
  return `${window.from.slice(0, 10)} to ${last}`;
}

function sum(values: readonly number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

const whole = (value: number) => Math.round(value).toLocaleString('en');
const percent = (share: number) => `${Math.round(share * 100)}%`;

/** Text into HTML: nothing from the data can become markup. */
export function escape(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
