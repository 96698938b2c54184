/**
 * A small organisation built to test what each role may see: a team of 6 with its manager, a
 * team of 5, a team of 3 (below the minimum group size of 5), a VP with no team, and a helper
 * outside the org chart known only by an e-mail address.
 */

export const OUTSIDER = 'ext.helper@partner.example';

const PEOPLE: [id: string, name: string, team: string, manager: string][] = [
  ['vp', 'Vera Present', '', ''],
  ['pl', 'Paul Lead', 'platform', 'vp'],
  ...[1, 2, 3, 4, 5].map(
    (i): [string, string, string, string] => [`p${i}`, `Pia Member${i}`, 'platform', 'pl'],
  ),
  ...[1, 2, 3, 4, 5].map(
    (i): [string, string, string, string] => [`d${i}`, `Dan Data${i}`, 'data', i === 1 ? 'vp' : 'd1'],
  ),
  ...[1, 2, 3].map((i): [string, string, string, string] => [
    `t${i}`,
    `Tia Tiny${i}`,
    'tiny',
    i === 1 ? 'vp' : 't1',
  ]),
];

export const ORG_CHART = [
  'person,name,email,team,manager,title,joined',
  ...PEOPLE.map(
    ([id, name, team, manager]) =>
      `${id},${name},${id}@corp.example,${team},${manager},,2025-01-01`,
  ),
].join('\n');

export const IDS = PEOPLE.map(([id]) => id);

/** Help among everyone, over 26 weeks, with a few fixed patterns and the outsider helping. */
export function events(): string {
  const lines = ['id,helper,helped,at,kind,topic,context,weight'];
  const topics = ['kubernetes', 'kafka', 'payments', 'postgres'];
  let n = 0;
  const add = (helper: string, helped: string, day: number, topic: string) => {
    const at = new Date(Date.UTC(2026, 0, 5) + day * 86_400_000).toISOString();
    lines.push(`e${++n},${helper},${helped},${at},reply,${topic},#help,`);
  };
  for (let day = 0; day < 180; day += 2) {
    IDS.forEach((helper, i) => {
      const helped = IDS[(i * 7 + day * 3 + 1) % IDS.length]!;
      if (helped !== helper && (i + day) % 3 !== 0) add(helper, helped, day, topics[(i + day) % 4]!);
    });
    add(OUTSIDER, IDS[(day / 2) % IDS.length]!, day, 'kafka');
    add('t2', 't3', day, 'payments');
  }
  return lines.join('\n');
}
