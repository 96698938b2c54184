/**
 * Small organisations built to test what each role may see (the demo is too regular for it):
 * a team of 6 with its lead, a team of 5, a team of 3 (below the minimum group size of 5), a VP
 * with no team, and a helper outside the org chart known only by an e-mail address.
 */

export const OUTSIDER = 'ext.helper@partner.example';
/** The person the outsider's account becomes: nobody vouched for it. */
export const OUTSIDER_ID = `interchange:${OUTSIDER}`;

export interface OrgPerson {
  id: string;
  name: string;
  team: string;
  manager: string;
}

const person = (id: string, name: string, team: string, manager: string): OrgPerson => ({
  id,
  name,
  team,
  manager,
});

export const PEOPLE: OrgPerson[] = [
  person('pid-vera', 'Vera Present', '', ''),
  person('pid-paul', 'Paul Lead', 'platform', 'pid-vera'),
  ...[1, 2, 3, 4, 5].map((i) => person(`pid-pia${i}`, `Pia Member${i}`, 'platform', 'pid-paul')),
  ...[1, 2, 3, 4, 5].map((i) =>
    person(`pid-dan${i}`, `Dan Data${i}`, 'data', i === 1 ? 'pid-vera' : 'pid-dan1'),
  ),
  ...[1, 2, 3].map((i) =>
    person(`pid-tia${i}`, `Tia Tiny${i}`, 'tiny', i === 1 ? 'pid-vera' : 'pid-tia1'),
  ),
];

export function orgChartCsv(people: readonly OrgPerson[] = PEOPLE): string {
  return [
    'person,name,email,team,manager,title,joined',
    ...people.map(
      (p) => `${p.id},${p.name},${p.id}@corp.example,${p.team},${p.manager},,2025-01-01`,
    ),
  ].join('\n');
}

/** Everyone below `manager` in the org chart, and the manager. */
export function reportingLine(manager: string, people: readonly OrgPerson[] = PEOPLE): Set<string> {
  const line = new Set([manager]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of people) {
      if (line.has(p.manager) && !line.has(p.id)) {
        line.add(p.id);
        grew = true;
      }
    }
  }
  return line;
}

/**
 * Help among everyone over 26 weeks, spread by a fixed rule, with the outsider helping on
 * kafka and a steady pair inside the small team.
 */
export function eventsCsv(people: readonly OrgPerson[] = PEOPLE, days = 180): string {
  const ids = people.map((p) => p.id);
  const lines = ['id,helper,helped,at,kind,topic,context,weight'];
  const topics = ['kubernetes', 'kafka', 'payments', 'postgres'];
  let n = 0;
  const add = (helper: string, helped: string, day: number, topic: string) => {
    const at = new Date(Date.UTC(2026, 0, 5) + day * 86_400_000).toISOString();
    lines.push(`e${++n},${helper},${helped},${at},reply,${topic},#help,`);
  };
  for (let day = 0; day < days; day += 2) {
    ids.forEach((helper, i) => {
      const helped = ids[(i * 7 + day * 3 + 1) % ids.length]!;
      if (helped !== helper && (i + day) % 3 !== 0)
        add(helper, helped, day, topics[(i + day) % 4]!);
    });
    if (people === PEOPLE) {
      add(OUTSIDER, ids[(day / 2) % ids.length]!, day, 'kafka');
      add('pid-tia2', 'pid-tia3', day, 'payments');
    }
  }
  return lines.join('\n');
}
