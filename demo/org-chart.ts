/**
 * The org chart as a CSV file, the way HR systems export one: one row per person, managers by
 * person id, fields quoted only when they must be (RFC 4180).
 */
import type { Person } from './organisation.ts';

export const ORG_CHART_COLUMNS = [
  'person',
  'name',
  'email',
  'team',
  'manager',
  'title',
  'joined',
  'location',
] as const;

export function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The head has no team and no manager: both fields are empty. */
export function orgChartCsv(people: readonly Person[]): string {
  const rows = people.map((p) =>
    [
      p.id,
      p.name,
      p.email,
      p.team?.name ?? '',
      p.manager?.id ?? '',
      p.title,
      p.joined,
      p.location.name,
    ]
      .map(csvField)
      .join(','),
  );
  return `${[ORG_CHART_COLUMNS.join(','), ...rows].join('\n')}\n`;
}
