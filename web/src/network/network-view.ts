import { EdgeCurvedArrowProgram } from '@sigma/edge-curve';
import Sigma from 'sigma';
import type { GraphResponse, PeopleGraph } from '../api/types.ts';
import type { Route } from '../router.ts';
import { h, replace } from '../ui/dom.ts';
import { filterForm, filterQuery, suggest } from '../ui/filters.ts';
import { formatWindow, plural } from '../ui/format.ts';
import { failure, loading } from '../ui/states.ts';
import type { AppContext, View } from '../views/context.ts';
import { personPanel } from '../views/person-panel.ts';
import { assignColours, assignSizes, type ColourBy, type SizeBy } from './appearance.ts';
import { visibilityControls } from './controls.ts';
import { exportGexf, exportPng } from './exports.ts';
import { buildGraph, type EdgeData, type NetworkGraph, type NodeData } from './graph-model.ts';
import { Highlight } from './highlight.ts';
import { flaggedTable, legendList, rankingTable } from './side-tables.ts';
import { searchBox } from './search-box.ts';
import {
  coreNumbers,
  SHOW_ALL,
  unconnectedCount,
  visibleParts,
  type Visible,
  type VisibilityOptions,
} from './visibility.ts';

/**
 * The Network view: the who-helps-whom graph drawn by Sigma (WebGL) at the positions the server
 * laid out. The graphology graph is the model; the toggles rewrite node attributes and the
 * hover/selection reducers fade what is not in focus; Sigma redraws. A graph too large to draw
 * whole arrives as communities, and clicking one opens its people.
 */

export const NETWORK_DEFAULTS = {
  /** Curves show direction best but cost more to draw: plain arrows above this many ties. */
  curvedEdgeLimit: 5_000,
  /** How close the camera comes when it flies to a person (1 = whole graph). */
  focusRatio: 0.3,
  /** From this many people without ties, they are hidden at first (they ring the picture). */
  hideUnconnectedFrom: 10,
  /**
   * Labels: a node drawn at least this many pixels wide may get one, and each cell of the label
   * grid shows its largest nodes' labels; zooming in makes nodes larger and cells smaller, so
   * more names appear as there is room for them.
   */
  labelRenderedSizeThreshold: 4,
  labelGridCellSize: 80,
  labelDensity: 0.8,
};

export function networkView(context: AppContext, route: Route): View {
  const state = {
    colourBy: 'community' as ColourBy,
    sizeBy: 'helpGiven' as SizeBy,
    community: route.params.get('community'),
    /**
     * 'people' draws people even when the graph is large (the server keeps the heaviest ties);
     * 'communities' asks for the community-level graph of any graph.
     */
    level: levelOf(route.params.get('level')),
    /** Leave out ties lighter than this (a link can ask for it; the server keeps the rest). */
    minWeight: route.params.get('minWeight') ?? undefined,
    /** What the Show controls leave drawn; null until the reader changes them (then kept). */
    visibility: null as VisibilityOptions | null,
  };
  const summary = h('p', { class: 'summary', attrs: { 'aria-live': 'polite' } });
  const stage = h('div', {
    class: 'sigma',
    attrs: {
      role: 'img',
      'aria-label': 'The help network (a table of the same people is beside it)',
    },
  });
  const overlay = h('div', { class: 'overlay' });
  const tools = h('div', { class: 'tools' });
  const legend = h('div', { class: 'legend-box' });
  const ranking = h('div', { class: 'ranking' });
  const panel = h('div', { class: 'person-panel', attrs: { 'aria-live': 'polite' } });
  const showControls = h('div', { class: 'show-box' });
  let renderer: Sigma<NodeData, EdgeData> | null = null;
  let graph: NetworkGraph | null = null;
  let highlight: Highlight | null = null;
  let view: GraphResponse | null = null;
  let visible: Visible | null = null;
  let disposed = false;

  const filters = filterForm(context.filters, {}, (chosen) => context.setFilters(chosen));
  const element = h(
    'section',
    { class: 'view network' },
    h('h2', { text: 'Network' }),
    filters,
    summary,
    h(
      'div',
      { class: 'network-layout' },
      h('div', { class: 'stage-wrap' }, stage, overlay),
      h('aside', { class: 'side' }, tools, panel, legend, ranking),
    ),
  );

  void load();

  async function load() {
    replace(overlay, loading('the network'));
    overlay.hidden = false;
    try {
      const query = {
        ...filterQuery(context.filters),
        community: state.community ?? undefined,
        level: state.level,
        minWeight: state.minWeight,
      };
      view = await context.session.api.get<GraphResponse>('/graph', query);
      performance.mark('helpflow:network-loaded');
      if (disposed) return;
      graph = buildGraph(view);
      performance.mark('helpflow:network-built');
      const teams = new Set<string>();
      graph.forEachNode((_key, node) => node.team && teams.add(node.team));
      suggest(filters, { teams });
      draw();
    } catch (error) {
      replace(overlay, failure(error));
    }
  }

  function draw() {
    if (!graph || !view) return;
    renderer?.kill();
    highlight = new Highlight(graph);
    visible = null;
    if (view.level === 'people') {
      const options = state.visibility ?? {
        ...SHOW_ALL,
        hideUnconnected: unconnectedCount(graph) >= NETWORK_DEFAULTS.hideUnconnectedFrom,
      };
      visible = visibleParts(graph, options);
      highlight.show(visible);
    }
    appearance();
    replace(tools, ...toolbar());
    replace(panel);
    describe();
    if (graph.order === 0) {
      replace(
        overlay,
        h('p', { class: 'state empty', text: 'No help in this window and filter.' }),
      );
      return;
    }
    overlay.hidden = true;
    renderer = new Sigma(graph, stage, {
      defaultEdgeType: graph.size <= NETWORK_DEFAULTS.curvedEdgeLimit ? 'curved' : 'arrow',
      edgeProgramClasses: { curved: EdgeCurvedArrowProgram },
      nodeReducer: highlight.nodeReducer,
      edgeReducer: highlight.edgeReducer,
      zIndex: true,
      labelFont: 'system-ui, sans-serif',
      labelRenderedSizeThreshold: NETWORK_DEFAULTS.labelRenderedSizeThreshold,
      labelGridCellSize: NETWORK_DEFAULTS.labelGridCellSize,
      labelDensity: NETWORK_DEFAULTS.labelDensity,
    });
    const drawn = renderer;
    // How many names are on screen: the tests read it, as the canvas has no text to read.
    const countLabels = () => {
      stage.dataset.labels = String(drawn.getNodeDisplayedLabels().size);
    };
    // Sigma's constructor has rendered once already: count that frame, then every later one.
    countLabels();
    drawn.on('afterRender', countLabels);
    performance.mark('helpflow:network-sigma');
    // The first frame is on screen once the browser has painted after Sigma's first render.
    requestAnimationFrame(() => {
      stage.dataset.drawn = 'true';
      performance.mark('helpflow:network-drawn');
      // After the first frame: the controls' limits are not needed for it.
      if (view?.level === 'people') replace(showControls, controls());
    });
    const r = renderer;
    const h_ = highlight;
    r.on('enterNode', ({ node }) => h_.hover(node) && r.refresh({ skipIndexation: true }));
    r.on('leaveNode', () => h_.hover(null) && r.refresh({ skipIndexation: true }));
    r.on('clickNode', ({ node }) => open(node));
    r.on('clickStage', () => close());
  }

  function close() {
    highlight?.select(null);
    renderer?.refresh({ skipIndexation: true });
    replace(panel);
  }

  function appearance() {
    if (!graph) return;
    const colours = assignColours(graph, state.colourBy);
    assignSizes(graph, state.sizeBy);
    replace(legend, legendList(colours, state.colourBy));
    replace(
      ranking,
      rankingTable(graph, state.sizeBy, open, visible?.nodes),
      // Flagged people stay listed when the picture hides them: they are who a reader looks for.
      flaggedTable(graph, open),
    );
  }

  /** The Show controls, with limits from the whole graph. */
  function controls(): HTMLElement {
    const partners = new Map<string, Set<string>>();
    let maxWeight = 0;
    graph!.forEachNode((node) => partners.set(node, new Set(graph!.neighbors(node))));
    graph!.forEachEdge((_edge, data) => {
      maxWeight = Math.max(maxWeight, data.weight);
    });
    let maxDegree = 0;
    for (const set of partners.values()) maxDegree = Math.max(maxDegree, set.size);
    const current = state.visibility ?? {
      ...SHOW_ALL,
      hideUnconnected: unconnectedCount(graph!) >= NETWORK_DEFAULTS.hideUnconnectedFrom,
    };
    return visibilityControls(
      current,
      {
        unconnected: unconnectedCount(graph!),
        maxWeight: Math.ceil(maxWeight),
        maxDegree,
        maxCore: Math.max(0, ...coreNumbers(partners).values()),
      },
      (options) => {
        state.visibility = options;
        if (!graph) return;
        visible = visibleParts(graph, options);
        highlight?.show(visible);
        renderer?.refresh({ skipIndexation: true });
        appearance();
        describe();
      },
    );
  }

  function describe() {
    if (!view || !graph) return;
    const parts = [`${formatWindow(view.window)}.`];
    if (view.level === 'communities') {
      const size = `${plural(view.total.people, 'person', 'people')}, ${plural(view.total.ties, 'tie')}`;
      parts.unshift(
        (state.level === 'communities'
          ? `The organisation (${size}) as its ${plural(graph.order, 'community', 'communities')}. `
          : `The organisation is too large to draw whole (${size}): here are its ${plural(graph.order, 'community', 'communities')}. `) +
          'Choose one to see its people.',
      );
    } else {
      parts.unshift(
        `${plural(graph.order, 'person', 'people')} and ${plural(graph.size, 'help tie')}` +
          `${state.community !== null ? ` in ${communityName(view, state.community)}` : ''}; arrows point from helper to helped.`,
      );
      if (visible && (visible.nodes.size < graph.order || visible.edges.size < graph.size)) {
        parts.push(
          `Showing ${plural(visible.nodes.size, 'person', 'people')} and ${plural(visible.edges.size, 'tie')}.`,
        );
      }
      if (view.omittedTies > 0) parts.push(`${plural(view.omittedTies, 'lighter tie')} left out.`);
    }
    replace(summary, parts.join(' '));
  }

  /** Selects a node: highlight it, fly to it, and open the person (or the community). */
  function open(node: string) {
    if (!graph || !graph.hasNode(node)) return;
    const data = graph.getNodeAttributes(node);
    if (data.kind === 'community') {
      state.community = data.key;
      void load();
      return;
    }
    highlight?.select(node);
    if (renderer) {
      renderer.refresh({ skipIndexation: true });
      const position = renderer.getNodeDisplayData(node);
      if (position) {
        void renderer
          .getCamera()
          .animate(
            { x: position.x, y: position.y, ratio: NETWORK_DEFAULTS.focusRatio },
            { duration: 500 },
          );
      }
    }
    replace(
      panel,
      h('button', {
        class: 'close',
        text: 'Close',
        attrs: { type: 'button', 'aria-label': 'Close the person panel' },
        on: { click: close },
      }),
      personPanel(context, data),
    );
  }

  function toolbar(): HTMLElement[] {
    const radios = <T extends string>(
      legendText: string,
      name: string,
      options: [T, string][],
      value: T,
      set: (v: T) => void,
    ) =>
      h(
        'fieldset',
        { class: 'toggle' },
        h('legend', { text: legendText }),
        ...options.map(([option, label]) =>
          h(
            'label',
            {},
            h('input', {
              attrs: { type: 'radio', name, value: option, checked: option === value },
              on: {
                change: () => {
                  set(option);
                  appearance();
                },
              },
            }),
            label,
          ),
        ),
      );
    const community = view?.level === 'communities';
    return [
      searchBox(graph!, (node) => open(node)),
      community ? null : showControls,
      community
        ? null
        : radios(
            'Colour by',
            'colour-by',
            [
              ['community', 'Community'],
              ['team', 'Team'],
            ],
            state.colourBy,
            (v) => (state.colourBy = v),
          ),
      community
        ? null
        : radios(
            'Size by',
            'size-by',
            [
              ['helpGiven', 'Help given'],
              ['pagerank', 'PageRank'],
            ],
            state.sizeBy,
            (v) => (state.sizeBy = v),
          ),
      community
        ? h('button', {
            text: 'Draw all people anyway',
            attrs: { type: 'button' },
            on: {
              click: () => {
                state.level = 'people';
                void load();
              },
            },
          })
        : null,
      state.community !== null
        ? h('button', {
            text: 'Back to all communities',
            attrs: { type: 'button' },
            on: {
              click: () => {
                state.community = null;
                void load();
              },
            },
          })
        : null,
      h(
        'div',
        { class: 'exports' },
        h('button', {
          text: 'Export PNG',
          attrs: { type: 'button' },
          on: { click: () => renderer && void exportPng(renderer, 'helpflow-network') },
        }),
        h('button', {
          text: 'Export GEXF',
          attrs: { type: 'button' },
          on: { click: () => graph && exportGexf(graph, 'helpflow-network.gexf') },
        }),
      ),
    ].filter((item): item is HTMLElement => item !== null);
  }

  return {
    element,
    dispose() {
      disposed = true;
      renderer?.kill();
      renderer = null;
    },
  };
}

/** The name of the community `id` (a route parameter), as the server named it. */
function communityName(view: PeopleGraph, id: string): string {
  const at = view.communities.id.indexOf(Number(id));
  return at >= 0 ? `the community “${view.communities.name[at]}”` : `community ${id}`;
}

function levelOf(text: string | null): 'people' | 'communities' | undefined {
  return text === 'people' || text === 'communities' ? text : undefined;
}
