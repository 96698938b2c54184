import { h, svg } from './dom.ts';
import { formatNumber } from './format.ts';

/**
 * Help given and received per week as two lines, every week from `from` to `to` (weeks without
 * help are zero, not skipped), with a dashed mark where `cut` falls (the start of this window).
 * The figures are in a table beside it for those who can't see the lines.
 */

export interface WeekValue {
  week: string;
  given: number;
  received: number;
}

export const WEEK_CHART = { width: 640, height: 180, given: '#332288', received: '#44AA99' };

/** Mondays (YYYY-MM-DD) from the week of `from` up to `to` (exclusive). */
export function mondays(from: string, to: string): string[] {
  const day = new Date(`${from.slice(0, 10)}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
  const weeks: string[] = [];
  for (; day.toISOString() < to; day.setUTCDate(day.getUTCDate() + 7)) {
    weeks.push(day.toISOString().slice(0, 10));
  }
  return weeks;
}

export function weekChart(
  values: WeekValue[],
  range: { from: string; to: string; cut: string },
): HTMLElement {
  const { width, height } = WEEK_CHART;
  const byWeek = new Map(values.map((v) => [v.week, v]));
  const weeks = mondays(range.from, range.to).map(
    (week) => byWeek.get(week) ?? { week, given: 0, received: 0 },
  );
  const max = Math.max(1, ...weeks.flatMap((w) => [w.given, w.received]));
  const [left, right, top, bottom] = [36, 10, 10, 26];
  const step = weeks.length > 1 ? (width - left - right) / (weeks.length - 1) : 0;
  const x = (i: number) => left + i * step;
  const y = (value: number) => top + (1 - value / max) * (height - top - bottom);
  const picture = svg('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    class: 'week-chart',
    role: 'img',
    'aria-label': 'Help given and received per week (the figures are in the table below)',
  });
  const text = (content: string, attrs: Record<string, string | number>) => {
    const node = svg('text', { 'font-size': 11, fill: '#5a5a5a', ...attrs });
    node.textContent = content;
    picture.appendChild(node);
  };
  picture.appendChild(
    svg('line', { x1: left, x2: width - right, y1: y(0), y2: y(0), stroke: '#d9d9d9' }),
  );
  text(formatNumber(max), { x: left - 4, y: top + 8, 'text-anchor': 'end' });
  text('0', { x: left - 4, y: y(0) + 4, 'text-anchor': 'end' });
  const cut = weeks.findIndex((w) => w.week >= range.cut.slice(0, 10));
  if (cut > 0) {
    const at = x(cut) - step / 2;
    picture.appendChild(
      svg('line', {
        x1: at,
        x2: at,
        y1: top,
        y2: y(0),
        stroke: '#999',
        'stroke-dasharray': '4 3',
        class: 'cut',
      }),
    );
    text('this window →', { x: at + 4, y: top + 8 });
  }
  if (weeks.length > 0) {
    text(weeks[0]!.week, { x: left, y: height - 8 });
    text(weeks[weeks.length - 1]!.week, { x: width - right, y: height - 8, 'text-anchor': 'end' });
  }
  for (const [key, colour] of [
    ['given', WEEK_CHART.given],
    ['received', WEEK_CHART.received],
  ] as const) {
    picture.appendChild(
      svg('polyline', {
        points: weeks.map((w, i) => `${x(i).toFixed(1)},${y(w[key]).toFixed(1)}`).join(' '),
        fill: 'none',
        stroke: colour,
        'stroke-width': 2,
        class: `line-${key}`,
      }),
    );
  }
  return h(
    'figure',
    { class: 'week-chart-figure' },
    picture as unknown as HTMLElement,
    h(
      'figcaption',
      {},
      h('span', { class: 'key', attrs: { style: `border-color:${WEEK_CHART.given}` } }),
      'help given ',
      h('span', { class: 'key', attrs: { style: `border-color:${WEEK_CHART.received}` } }),
      'help received, per week',
    ),
  );
}
