import type { PersonView } from '../api/types.ts';
import { h, replace, svg } from '../ui/dom.ts';
import { personName, plural } from '../ui/format.ts';

/**
 * A person's ego network as a small SVG: them in the middle, their strongest partners around
 * them (the heaviest ties first, clockwise from the top, larger for more help), an arrow from
 * helper to helped, and names beside the circles. A hub's hundreds of partners would be a grey
 * disc: the picture starts with the strongest few and a "more" button adds a ring at a time.
 * The partner tables beside it list everyone.
 */

/** Partners per ring; the picture's height (names need room on both sides: it is wider). */
export const EGO_DEFAULTS = { ring: 12, size: 440 };

interface Partner {
  person: string;
  name: string;
  weight: number;
}

export function egoPicture(view: PersonView): HTMLElement {
  const centre = view.profile.person;
  const strength = new Map<string, number>();
  for (const edge of edgesOf(view)) {
    if (edge.source !== centre && edge.target !== centre) continue;
    const other = edge.source === centre ? edge.target : edge.source;
    strength.set(other, (strength.get(other) ?? 0) + edge.weight);
  }
  const partners: Partner[] = view.ego.nodes
    .filter((node) => node.person !== centre && strength.has(node.person))
    .map((node) => ({
      person: node.person,
      name: personName(node),
      weight: strength.get(node.person)!,
    }))
    .sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name));
  if (partners.length === 0) {
    return h('p', { class: 'state empty', text: 'No help partners to draw in this window.' });
  }
  const figure = h('figure', { class: 'ego-figure' });
  let shown = Math.min(EGO_DEFAULTS.ring, partners.length);
  const render = () => {
    const more =
      shown < partners.length
        ? h('button', {
            class: 'more',
            text: `Show ${Math.min(EGO_DEFAULTS.ring, partners.length - shown)} more`,
            attrs: { type: 'button' },
            on: {
              click: () => {
                shown = Math.min(partners.length, shown + EGO_DEFAULTS.ring);
                render();
              },
            },
          })
        : null;
    replace(
      figure,
      drawing(view, partners.slice(0, shown)),
      h(
        'figcaption',
        {},
        `The ${plural(shown, 'strongest partner')} of ${plural(partners.length, 'partner')}; arrows point from helper to helped. `,
        more,
      ),
    );
  };
  render();
  return figure;
}

/** The ego network's ties by person: the server sends them as positions in its node list. */
function edgesOf(view: PersonView): { source: string; target: string; weight: number }[] {
  const personAt = (index: number) => view.ego.nodes[index]?.person ?? '';
  return view.ego.edges.map((edge) => ({
    source: personAt(edge.source),
    target: personAt(edge.target),
    weight: edge.weight,
  }));
}

function drawing(view: PersonView, partners: Partner[]): HTMLElement {
  const { size, ring } = EGO_DEFAULTS;
  const centre = view.profile.person;
  const width = Math.round(size * 1.75);
  const picture = svg('svg', {
    width,
    height: size,
    viewBox: `0 0 ${width} ${size}`,
    class: 'ego',
    role: 'img',
    'aria-label': `${personName(view.profile)} and their ${partners.length} strongest partners`,
  });
  const defs = svg('defs');
  const marker = svg('marker', {
    id: 'ego-arrow',
    viewBox: '0 0 10 10',
    refX: 10,
    refY: 5,
    markerWidth: 5,
    markerHeight: 5,
    orient: 'auto-start-reverse',
  });
  marker.appendChild(svg('path', { d: 'M 0 0 L 10 5 L 0 10 z', fill: '#777' }));
  defs.appendChild(marker);
  picture.appendChild(defs);
  const middle = width / 2;
  const rings = Math.max(1, Math.ceil(partners.length / ring));
  const maxWeight = Math.max(1, ...partners.map((p) => p.weight));
  const radiusOf = (weight: number) => 4 + 6 * Math.sqrt(weight / maxWeight);
  const at = new Map<string, { x: number; y: number; r: number }>([
    [centre, { x: middle, y: size / 2, r: 11 }],
  ]);
  partners.forEach((partner, i) => {
    // Ring by rank: the strongest ring is the nearest.
    const level = Math.floor(i / ring);
    const inRing = Math.min(ring, partners.length - level * ring);
    const outer = size / 2 - 24;
    const distance = rings === 1 ? outer * 0.8 : outer * (0.5 + (0.5 * level) / (rings - 1));
    const angle = (2 * Math.PI * (i % ring)) / inRing - Math.PI / 2 + level * 0.26;
    at.set(partner.person, {
      // Wider than high: the ellipse leaves room for names to the sides.
      x: middle + 1.4 * distance * Math.cos(angle),
      y: size / 2 + distance * Math.sin(angle),
      r: radiusOf(partner.weight),
    });
  });
  const edges = edgesOf(view);
  const maxEdge = Math.max(1, ...edges.map((edge) => edge.weight));
  for (const edge of edges) {
    const from = at.get(edge.source);
    const to = at.get(edge.target);
    if (!from || !to) continue;
    // Stop the line at the circles' edges, so the arrow head shows.
    const length = Math.hypot(to.x - from.x, to.y - from.y) || 1;
    const [ux, uy] = [(to.x - from.x) / length, (to.y - from.y) / length];
    const touchesCentre = edge.source === centre || edge.target === centre;
    picture.appendChild(
      svg('line', {
        x1: from.x + ux * from.r,
        y1: from.y + uy * from.r,
        x2: to.x - ux * (to.r + 2),
        y2: to.y - uy * (to.r + 2),
        stroke: touchesCentre ? '#777' : '#DDD',
        'stroke-width': touchesCentre ? 0.75 + 2.5 * Math.sqrt(edge.weight / maxEdge) : 0.75,
        'marker-end': touchesCentre ? 'url(#ego-arrow)' : '',
      }),
    );
  }
  const nodes: { person: string; name: string }[] = [
    { person: centre, name: personName(view.profile) },
    ...partners,
  ];
  for (const node of nodes) {
    const { x, y, r } = at.get(node.person)!;
    const isCentre = node.person === centre;
    const circle = svg('circle', {
      cx: x,
      cy: y,
      r,
      fill: isCentre ? '#332288' : '#88CCEE',
      stroke: '#fff',
      'data-person': node.person,
    });
    const title = svg('title');
    title.textContent = node.name;
    circle.appendChild(title);
    picture.appendChild(circle);
    const label = svg('text', {
      x: isCentre ? x : x + (x >= middle ? r + 3 : -r - 3),
      y: isCentre ? y + r + 13 : y + 4,
      'text-anchor': isCentre ? 'middle' : x >= middle ? 'start' : 'end',
      'font-size': isCentre ? 12 : 11,
      fill: '#1a1a1a',
    });
    label.textContent = node.name.length > 22 ? `${node.name.slice(0, 21)}…` : node.name;
    picture.appendChild(label);
  }
  return picture as unknown as HTMLElement;
}
