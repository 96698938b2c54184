import { download, h, replace, type Child } from './dom.ts';
import { formatWhole } from './format.ts';
import { compare, toCsv, type ValueColumn } from './table-values.ts';

/**
 * The one table every view uses: sortable by any column (a button in its header, with
 * aria-sort), filtered by a text box (any column's value contains the text), optionally split
 * into groups (chips with counts, for example by flag), paged, and downloadable as CSV with
 * everything that matches the filter, not just the page shown. A row's element is made once and
 * kept, so a view can fill a cell later (a trend, a suggestion) and it survives paging.
 */

export interface Column<T> extends ValueColumn<T> {
  /** What the cell shows; the value as text when left out. */
  cell?: (row: T) => Child | Child[];
  /** Numbers align right, and their first sort is largest first. */
  numeric?: boolean;
  class?: string;
}

export interface Group<T> {
  label: string;
  test: (row: T) => boolean;
}

export interface DataTableOptions<T> {
  caption: string;
  columns: Column<T>[];
  rows: T[];
  /** The CSV's file name, without ".csv". */
  fileName: string;
  className?: string;
  pageSize?: number;
  /** The column sorted first (its index), and in which direction; rows stay as given when left out. */
  sort?: { column: number; descending: boolean };
  groups?: Group<T>[];
  /** Attributes of a row's element (data-person, for example). */
  rowAttrs?: (row: T) => Record<string, string>;
  /** Called with the rows on screen after each change: a view fills slow cells for those only. */
  onShow?: (shown: { row: T; element: HTMLTableRowElement }[]) => void;
}

export const TABLE_DEFAULTS = {
  pageSize: 25,
  pageSizes: [25, 50, 100, 500],
  /** Below this many rows the filter box would only be noise. */
  filterFrom: 11,
};

let tableCount = 0;

export function dataTable<T>(options: DataTableOptions<T>): HTMLElement {
  const id = `table-${++tableCount}`;
  const { columns, rows } = options;
  const state = {
    sort: options.sort ?? null,
    filter: '',
    group: -1,
    page: 0,
    pageSize: options.pageSize ?? TABLE_DEFAULTS.pageSize,
  };
  const elements = new Map<T, HTMLTableRowElement>();
  const rowElement = (row: T) => {
    let element = elements.get(row);
    if (!element) {
      element = h(
        'tr',
        { attrs: options.rowAttrs?.(row) },
        ...columns.map((column) => {
          const content = column.cell ? column.cell(row) : shown(column.value(row));
          const cell = h('td', { class: cellClass(column) });
          replace(cell, ...(Array.isArray(content) ? content : [content]));
          return cell;
        }),
      );
      elements.set(row, element);
    }
    return element;
  };

  const headCells = columns.map((column, i) =>
    h(
      'th',
      { class: cellClass(column), attrs: { scope: 'col' } },
      h('button', {
        class: 'sort',
        text: column.label,
        attrs: { type: 'button', title: `Sort by ${column.label}` },
        on: { click: () => sortBy(i) },
      }),
    ),
  );
  const body = h('tbody');
  const caption = h('caption');
  const status = h('span', { class: 'table-status', attrs: { 'aria-live': 'polite' } });
  const pager = h('div', { class: 'pager' });
  const filterInput = h('input', {
    attrs: {
      type: 'search',
      id: `${id}-filter`,
      placeholder: 'Filter',
      'aria-label': `Filter ${options.caption}`,
      autocomplete: 'off',
    },
    on: {
      input: () => {
        state.filter = filterInput.value.trim().toLowerCase();
        state.page = 0;
        render();
      },
    },
  });
  const groupChips = options.groups
    ? h('div', { class: 'groups', attrs: { role: 'group' } })
    : null;
  const table = h(
    'table',
    { class: `data ${options.className ?? ''}`.trim() },
    caption,
    h('thead', {}, h('tr', {}, ...headCells)),
    body,
  );
  const element = h(
    'div',
    { class: 'data-table' },
    groupChips,
    h(
      'div',
      { class: 'table-tools' },
      rows.length >= TABLE_DEFAULTS.filterFrom ? filterInput : null,
      status,
      h('button', {
        class: 'csv',
        text: 'Download CSV',
        attrs: { type: 'button', title: 'Every row that matches the filter, as CSV' },
        on: { click: () => download(csvBlob(columns, matching()), `${options.fileName}.csv`) },
      }),
    ),
    h('div', { class: 'table-scroll' }, table),
    pager,
  );

  function sortBy(column: number) {
    const same = state.sort?.column === column;
    state.sort = {
      column,
      descending: same ? !state.sort!.descending : (columns[column]!.numeric ?? false),
    };
    state.page = 0;
    render();
  }

  function inGroup(row: T) {
    return state.group < 0 || options.groups![state.group]!.test(row);
  }

  function matching(): T[] {
    const found = rows.filter(
      (row) =>
        inGroup(row) &&
        (!state.filter ||
          columns.some((c) => text(c.value(row)).toLowerCase().includes(state.filter))),
    );
    if (!state.sort) return found;
    const { column, descending } = state.sort;
    const value = columns[column]!.value;
    return found
      .map((row, i) => ({ row, i, v: value(row) }))
      .sort((a, b) => compare(a.v, b.v) * (descending ? -1 : 1) || a.i - b.i)
      .map((entry) => entry.row);
  }

  function render() {
    const found = matching();
    const pages = Math.max(1, Math.ceil(found.length / state.pageSize));
    state.page = Math.min(state.page, pages - 1);
    const start = state.page * state.pageSize;
    const shown = found.slice(start, start + state.pageSize);
    replace(body, ...shown.map(rowElement));
    caption.textContent = `${options.caption} (${formatWhole(found.length)}${found.length === rows.length ? '' : ` of ${formatWhole(rows.length)}`})`;
    table.dataset.rows = String(found.length);
    status.textContent =
      found.length === 0
        ? 'No rows match.'
        : `Showing ${formatWhole(start + 1)}–${formatWhole(start + shown.length)} of ${formatWhole(found.length)}`;
    headCells.forEach((cell, i) => {
      if (state.sort?.column === i)
        cell.setAttribute('aria-sort', state.sort.descending ? 'descending' : 'ascending');
      else cell.removeAttribute('aria-sort');
    });
    renderPager(pages, found.length);
    if (groupChips) renderGroups();
    options.onShow?.(shown.map((row) => ({ row, element: rowElement(row) })));
  }

  function renderPager(pages: number, count: number) {
    if (count <= TABLE_DEFAULTS.pageSizes[0]!) {
      replace(pager);
      return;
    }
    const go = (page: number) => () => {
      state.page = page;
      render();
    };
    const sizes = h(
      'select',
      {
        attrs: { 'aria-label': 'Rows per page' },
        on: {
          change: (event) => {
            state.pageSize = Number((event.target as HTMLSelectElement).value);
            state.page = 0;
            render();
          },
        },
      },
      ...TABLE_DEFAULTS.pageSizes.map((size) =>
        h('option', {
          text: `${size} a page`,
          attrs: { value: size, selected: size === state.pageSize },
        }),
      ),
    );
    replace(
      pager,
      h('button', {
        text: 'Previous',
        attrs: { type: 'button', disabled: state.page === 0 },
        on: { click: go(state.page - 1) },
      }),
      h('span', { text: `Page ${state.page + 1} of ${pages}` }),
      h('button', {
        text: 'Next',
        attrs: { type: 'button', disabled: state.page >= pages - 1 },
        on: { click: go(state.page + 1) },
      }),
      sizes,
    );
  }

  function renderGroups() {
    const all = [{ label: 'All', count: rows.length, index: -1 }].concat(
      options.groups!.map((group, index) => ({
        label: group.label,
        count: rows.filter(group.test).length,
        index,
      })),
    );
    replace(
      groupChips!,
      ...all
        .filter((entry) => entry.index < 0 || entry.count > 0)
        .map((entry) =>
          h('button', {
            class: 'chip',
            text: `${entry.label} (${formatWhole(entry.count)})`,
            attrs: {
              type: 'button',
              'aria-pressed': String(state.group === entry.index),
              'data-group': entry.label,
            },
            on: {
              click: () => {
                state.group = entry.index;
                state.page = 0;
                render();
              },
            },
          }),
        ),
    );
  }

  render();
  return element;
}

function cellClass(column: { numeric?: boolean; class?: string }): string | undefined {
  return [column.numeric ? 'num' : '', column.class ?? ''].join(' ').trim() || undefined;
}

const numbers = new Intl.NumberFormat('en', { maximumFractionDigits: 2 });

function shown(value: string | number | null): string {
  return typeof value === 'number' ? numbers.format(value) : text(value);
}

function text(value: string | number | null): string {
  return value === null ? '' : String(value);
}

function csvBlob<T>(columns: Column<T>[], rows: T[]): Blob {
  return new Blob([toCsv(columns, rows)], { type: 'text/csv;charset=utf-8' });
}
