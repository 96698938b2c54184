import { h } from '../ui/dom.ts';
import type { NetworkGraph } from './graph-model.ts';

/**
 * Find a person in the picture: the browser's own autocomplete (a datalist) over the names this
 * viewer may see; choosing a suggestion, or pressing Enter, selects the best match.
 */
export function searchBox(graph: NetworkGraph, select: (node: string) => void): HTMLElement {
  const byName = new Map<string, string>();
  graph.forEachNode((key, data) => {
    if (data.label) byName.set(data.label.toLowerCase(), key);
  });
  const input = h('input', {
    attrs: {
      id: 'network-search',
      type: 'search',
      list: 'network-search-names',
      autocomplete: 'off',
      placeholder: byName.size ? 'a name' : 'no names for this role',
      disabled: byName.size === 0,
    },
  });
  const status = h('span', { class: 'hint', attrs: { 'aria-live': 'polite' } });
  const find = () => {
    const text = input.value.trim().toLowerCase();
    if (!text) return;
    const node = byName.get(text) ?? [...byName].find(([name]) => name.includes(text))?.[1] ?? null;
    status.textContent = node ? '' : `No one called "${input.value.trim()}" in this view.`;
    if (node) select(node);
  };
  // Choosing from the suggestions is an input event that replaces the text (no key pressed).
  input.addEventListener('input', (event) => {
    if (!(event instanceof InputEvent) || event.inputType === 'insertReplacementText') find();
  });
  input.addEventListener('keydown', (event) => {
    if (event.key === 'Enter') {
      event.preventDefault();
      find();
    }
  });
  return h(
    'div',
    { class: 'search' },
    h('label', { attrs: { for: 'network-search' }, text: 'Find a person' }),
    input,
    h(
      'datalist',
      { attrs: { id: 'network-search-names' } },
      ...[...graph.mapNodes((_key, data) => data.label)]
        .filter((label): label is string => !!label)
        .sort()
        .map((value) => h('option', { attrs: { value } })),
    ),
    status,
  );
}
