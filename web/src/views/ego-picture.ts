import type { PersonView } from '../api/types.ts';
import { h, svg } from '../ui/dom.ts';
import { personName } from '../ui/format.ts';

/**
 * A person's ego network as a small SVG: them in the middle, their partners around them, an
 * arrow from helper to helped. Small enough for SVG; the partner tables beside it say the same
 * in words.
 */
export function egoPicture(view: PersonView, size = 260): HTMLElement {
  const centre = view.profile.person;
  const others = view.ego.nodes.filter((node) => node.person !== centre);
  const picture = svg('svg', {
    width: size,
    height: size,
    viewBox: `0 0 ${size} ${size}`,
    class: 'ego',
    role: 'img',
    'aria-label': `${personName(view.profile)} and ${others.length} people they help or who help them`,
  });
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'ego-arrow',
    viewBox: '0 0 10 10',
    refX: 16,
    refY: 5,
    markerWidth: 6,
    markerHeight: 6,
    orient: 'auto-start-reverse',
  });
  marker.appendChild(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#777' }));
  defs.appendChild(marker);
  picture.appendChild(defs);
  const middle = size / 2;
  const radius = size / 2 - 24;
  const at = new Map<string, [number, number]>([[centre, [middle, middle]]]);
  others.forEach((node, i) => {
    const angle = (2 * Math.PI * i) / Math.max(1, others.length) - Math.PI / 2;
    at.set(node.person, [middle + radius * Math.cos(angle), middle + radius * Math.sin(angle)]);
  });
  const maxWeight = Math.max(1, ...view.ego.edges.map((edge) => edge.weight));
  // Ties point at positions in the node list (the server never sends partners' ids in them).
  const personAt = (index: number) => view.ego.nodes[index]?.person ?? '';
  for (const edge of view.ego.edges) {
    const from = at.get(personAt(edge.source));
    const to = at.get(personAt(edge.target));
    if (!from || !to) continue;
    picture.appendChild(
      svg('line', {
        x1: from[0],
        y1: from[1],
        x2: to[0],
        y2: to[1],
        stroke:
          personAt(edge.source) === centre || personAt(edge.target) === centre ? '#777' : '#CCC',
        'stroke-width': 0.75 + 2 * Math.sqrt(edge.weight / maxWeight),
        'marker-end': 'url(#ego-arrow)',
      }),
    );
  }
  for (const node of view.ego.nodes) {
    const [x, y] = at.get(node.person)!;
    const circle = svg('circle', {
      cx: x,
      cy: y,
      r: node.person === centre ? 9 : 6,
      fill: node.person === centre ? '#332288' : '#88CCEE',
      stroke: '#fff',
    });
    const title = svg('title');
    title.textContent = personName(node);
    circle.appendChild(title);
    picture.appendChild(circle);
  }
  return h(
    'figure',
    { class: 'ego-figure' },
    picture as unknown as HTMLElement,
    h('figcaption', { text: 'Ego network: arrows point from helper to helped.' }),
  );
}
