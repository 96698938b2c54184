import type { TieRow } from '../analytics/graph.ts';

/** The ties as CSV, for spreadsheets: `helpflow export --format csv` and GET /export. */
export function toCsv(ties: TieRow[]): string {
  const lines = ['helper,helped,weight,interactions'];
  for (const tie of ties) {
    lines.push(
      [csvField(tie.helper), csvField(tie.helped), tie.weight, tie.interactions].join(','),
    );
  }
  return `${lines.join('\n')}\n`;
}

function csvField(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value;
}
