import type { EdgeDisplayData, NodeDisplayData } from 'sigma/types';
import { DIMMED_COLOUR, HIGHLIGHT_COLOUR } from '../ui/palette.ts';
import { neighbourhood, type EdgeData, type NetworkGraph, type NodeData } from './graph-model.ts';
import type { Visible } from './visibility.ts';

/**
 * What hovering and selecting do to the picture, as Sigma reducers (the sigma.js demo's way):
 * the focused person, their ties and neighbours stay; everything else fades. What the controls
 * leave out (visibility.ts) is hidden. No DOM here.
 */
export class Highlight {
  private readonly graph: NetworkGraph;
  private hovered: string | null = null;
  private selected: string | null = null;
  private focus: Set<string> | null = null;
  private visible: Visible | null = null;

  constructor(graph: NetworkGraph) {
    this.graph = graph;
  }

  /** Sets the hovered node; true when that changes the picture. */
  hover(node: string | null): boolean {
    if (node === this.hovered) return false;
    this.hovered = node;
    this.refocus();
    return true;
  }

  select(node: string | null): void {
    this.selected = node;
    this.refocus();
  }

  /** What the controls show; null shows everything. */
  show(visible: Visible | null): void {
    this.visible = visible;
  }

  get selectedNode(): string | null {
    return this.selected;
  }

  private refocus(): void {
    const centre = this.hovered ?? this.selected;
    this.focus = centre && this.graph.hasNode(centre) ? neighbourhood(this.graph, centre) : null;
  }

  readonly nodeReducer = (node: string, data: NodeData): Partial<NodeDisplayData> => {
    const shown: Partial<NodeDisplayData> = { ...data, label: data.label };
    if (this.visible && !this.visible.nodes.has(node)) return { ...shown, hidden: true };
    if (node === this.selected) {
      shown.highlighted = true;
      shown.zIndex = 2;
    }
    if (node === this.hovered && !data.label) {
      // Sigma's hover label needs text: a pseudonymised person is described, not named.
      shown.label = data.team ? `someone in ${data.team}` : 'someone';
    }
    if (this.focus) {
      if (this.focus.has(node)) shown.zIndex = Math.max(shown.zIndex ?? 0, 1);
      else {
        shown.color = DIMMED_COLOUR;
        shown.label = null;
        shown.zIndex = 0;
      }
    }
    return shown;
  };

  readonly edgeReducer = (edge: string, data: EdgeData): Partial<EdgeDisplayData> => {
    if (this.visible && !this.visible.edges.has(edge)) return { ...data, hidden: true };
    if (!this.focus) return data;
    const centre = this.hovered ?? this.selected;
    const [source, target] = this.graph.extremities(edge);
    if (source === centre || target === centre) {
      return { ...data, color: HIGHLIGHT_COLOUR, zIndex: 1 };
    }
    return { ...data, color: DIMMED_COLOUR, zIndex: 0 };
  };
}
