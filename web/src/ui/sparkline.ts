import { h, svg } from './dom.ts';
import { formatNumber } from './format.ts';

/**
 * A weekly trend as a small line, with its numbers in words beside it for those who can't see
 * the line (and for anyone who wants the figures).
 */
export function sparkline(
  points: { label: string; value: number }[],
  options: { what: string; width?: number; height?: number },
): HTMLElement {
  const width = options.width ?? 120;
  const height = options.height ?? 28;
  if (points.length === 0) {
    return h('span', { class: 'trend none', text: `no ${options.what} by week yet` });
  }
  const max = Math.max(1, ...points.map((p) => p.value));
  const step = points.length > 1 ? (width - 4) / (points.length - 1) : 0;
  const coords = points.map((p, i) => [2 + i * step, height - 2 - (p.value / max) * (height - 4)]);
  const picture = svg('svg', {
    width,
    height,
    viewBox: `0 0 ${width} ${height}`,
    class: 'sparkline',
    'aria-hidden': 'true',
  });
  picture.appendChild(
    svg('polyline', {
      points: coords.map(([x, y]) => `${x!.toFixed(1)},${y!.toFixed(1)}`).join(' '),
      fill: 'none',
      stroke: 'currentColor',
      'stroke-width': 1.5,
    }),
  );
  const [x, y] = coords[coords.length - 1]!;
  picture.appendChild(svg('circle', { cx: x!, cy: y!, r: 2, fill: 'currentColor' }));
  const words =
    `${options.what} by week, ${points[0]!.label} to ${points[points.length - 1]!.label}: ` +
    points.map((p) => formatNumber(p.value)).join(', ');
  return h(
    'span',
    { class: 'trend' },
    picture,
    h('span', { class: 'visually-hidden', text: words }),
  );
}
