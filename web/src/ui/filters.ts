import { h } from './dom.ts';

/**
 * The report filters every view shares: the window (a date range), team, topic and source.
 * Empty means "the default": the 90 days up to the newest data, everyone, every topic and
 * source. The form is plain inputs with suggestion lists, so it works from the keyboard.
 */

export interface Filters {
  from: string;
  to: string;
  team: string;
  topic: string;
  source: string;
}

export const NO_FILTERS: Filters = { from: '', to: '', team: '', topic: '', source: '' };

/** The query string parameters of the API for these filters (`to` is exclusive there). */
export function filterQuery(filters: Filters): Record<string, string> {
  const query: Record<string, string> = {};
  if (filters.from) query.from = filters.from;
  if (filters.to) query.to = nextDay(filters.to);
  for (const key of ['team', 'topic', 'source'] as const) {
    if (filters[key]) query[key] = filters[key];
  }
  return query;
}

function nextDay(date: string): string {
  const day = new Date(`${date}T00:00:00Z`);
  day.setUTCDate(day.getUTCDate() + 1);
  return day.toISOString().slice(0, 10);
}

export interface Suggestions {
  teams?: Iterable<string>;
  topics?: Iterable<string>;
  sources?: Iterable<string>;
}

let formCount = 0;

export function filterForm(
  current: Filters,
  suggestions: Suggestions,
  onApply: (filters: Filters) => void,
): HTMLFormElement {
  const id = `filters-${++formCount}`;
  const field = (
    name: keyof Filters,
    label: string,
    type: 'date' | 'text',
    options?: Iterable<string>,
  ) => {
    const listId = options ? `${id}-${name}-list` : undefined;
    return h(
      'label',
      { class: 'field' },
      h('span', { text: label }),
      h('input', {
        attrs: {
          name,
          type,
          value: current[name],
          list: listId,
          autocomplete: 'off',
          placeholder: type === 'text' ? 'any' : undefined,
        },
      }),
      listId
        ? h('datalist', { attrs: { id: listId, 'data-for': name } }, ...optionsOf(options!))
        : null,
    );
  };
  const form = h(
    'form',
    { class: 'filters', attrs: { 'aria-label': 'Filters' } },
    field('from', 'From', 'date'),
    field('to', 'To', 'date'),
    field('team', 'Team', 'text', suggestions.teams ?? []),
    field('topic', 'Topic', 'text', suggestions.topics ?? []),
    field('source', 'Source', 'text', suggestions.sources ?? ['slack', 'github', 'git', 'mbox']),
    h('button', { text: 'Apply', attrs: { type: 'submit' } }),
    h('button', { text: 'Reset', attrs: { type: 'reset' } }),
  );
  const read = (): Filters => {
    const data = new FormData(form);
    const value = (key: keyof Filters) => {
      const entry = data.get(key);
      return typeof entry === 'string' ? entry.trim() : '';
    };
    return {
      from: value('from'),
      to: value('to'),
      team: value('team'),
      topic: value('topic'),
      source: value('source'),
    };
  };
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    onApply(read());
  });
  form.addEventListener('reset', (event) => {
    event.preventDefault();
    onApply({ ...NO_FILTERS });
  });
  return form;
}

function optionsOf(values: Iterable<string>): HTMLOptionElement[] {
  return [...new Set(values)].sort().map((value) => h('option', { attrs: { value } }));
}

/** Fills the suggestion lists once a view knows the teams and topics of its data. */
export function suggest(form: HTMLFormElement, suggestions: Suggestions): void {
  const lists = { team: suggestions.teams, topic: suggestions.topics, source: suggestions.sources };
  for (const [name, values] of Object.entries(lists)) {
    const list = form.querySelector(`datalist[data-for="${name}"]`);
    if (list && values) list.replaceChildren(...optionsOf(values));
  }
}
