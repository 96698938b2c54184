import { ApiError } from '../api/client.ts';
import type { ImportRecord, ImportsResponse, ImportSummary, JobEvent } from '../api/types.ts';
import { uploadAndFollow } from '../imports/upload.ts';
import type { Route } from '../router.ts';
import { h, replace } from '../ui/dom.ts';
import { dataTable } from '../ui/data-table.ts';
import { formatWhole, plural } from '../ui/format.ts';
import { fill } from '../ui/states.ts';
import type { AppContext, View } from './context.ts';

/**
 * Imports: upload an export (drop it, or choose it from the keyboard), watch its progress, see
 * what was stored and what was skipped and why; and the history of imports. Uploading is for
 * admins; analysts see the history.
 */
export function importsView(context: AppContext, _route: Route): View {
  const { api, role } = context.session;
  const history = h('div', { class: 'region history' });
  const status = h('div', {
    class: 'import-status',
    attrs: { 'aria-live': 'polite', 'data-state': 'idle' },
  });
  const uploader = h('div', { class: 'uploader' });
  const abort = new AbortController();
  const element = h(
    'section',
    { class: 'view imports' },
    h('h2', { text: 'Imports' }),
    role === 'admin' ? uploader : h('p', { class: 'hint', text: 'Uploading is for admin tokens.' }),
    status,
    history,
  );

  const loadHistory = () =>
    fill(
      history,
      'the imports',
      () => api.get<ImportsResponse>('/imports'),
      (data) => historyTable(data.imports),
    );
  void loadHistory().then((data) => {
    if (data && role === 'admin') replace(uploader, ...uploadForm(data));
  });

  function uploadForm(data: ImportsResponse): HTMLElement[] {
    const select = h(
      'select',
      { attrs: { id: 'import-connector', name: 'connector' } },
      ...data.connectors.map((c) =>
        h('option', { text: `${c.id}: ${c.description}`, attrs: { value: c.id } }),
      ),
    );
    const accepts = h('p', { class: 'hint' });
    const describe = () => {
      accepts.textContent = `Takes ${data.connectors.find((c) => c.id === select.value)?.accepts ?? ''}.`;
    };
    select.addEventListener('change', describe);
    describe();
    const input = h('input', {
      attrs: { id: 'import-file', type: 'file', class: 'visually-hidden' },
    });
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      if (file) void start(select.value, file);
      input.value = '';
    });
    const zone = h(
      'label',
      { class: 'drop-zone', attrs: { for: 'import-file' } },
      h('strong', { text: 'Drop an export here' }),
      ' or press to choose a file',
      input,
    );
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('over');
      const file = event.dataTransfer?.files[0];
      if (file) void start(select.value, file);
    });
    return [
      h('label', { attrs: { for: 'import-connector' }, text: 'Connector' }),
      select,
      accepts,
      zone,
    ];
  }

  async function start(connector: string, file: File) {
    const bar = h('progress', { attrs: { max: 1 } });
    const line = h('p', { text: `Uploading ${file.name} (${formatWhole(file.size)} bytes)…` });
    status.dataset.state = 'uploading';
    replace(status, h('h3', { text: file.name }), bar, line);
    try {
      const last = await uploadAndFollow(
        api,
        connector,
        file,
        (event) => show(event, bar, line),
        abort.signal,
      );
      if (last.type === 'succeeded') {
        status.dataset.state = 'succeeded';
        replace(status, h('h3', { text: `${file.name}: imported` }), summaryOf(last.summary));
        void loadHistory();
      } else if (last.type === 'failed') {
        status.dataset.state = 'failed';
        replace(
          status,
          h('h3', { text: `${file.name}: failed, nothing changed` }),
          h('p', { class: 'state error', attrs: { role: 'alert' }, text: last.error }),
        );
        void loadHistory();
      }
    } catch (error) {
      if (abort.signal.aborted) return;
      status.dataset.state = 'failed';
      const message = error instanceof ApiError ? error.message : String(error);
      replace(
        status,
        h('p', {
          class: 'state error',
          attrs: { role: 'alert' },
          text: `${file.name}: ${message}`,
        }),
      );
    }
  }

  function show(event: JobEvent, bar: HTMLProgressElement, line: HTMLElement) {
    if (event.type === 'queued') {
      status.dataset.state = 'queued';
      line.textContent = 'Waiting for the import before it to finish…';
    } else if (event.type === 'progress') {
      status.dataset.state = 'running';
      const p = event.progress;
      if (p.total) {
        bar.max = p.total;
        bar.value = p.read;
      } else bar.removeAttribute('value');
      line.textContent =
        `${plural(p.records, 'record')} read, ${plural(p.interactions, 'help event')}, ` +
        `${formatWhole(p.skipped)} skipped${p.total ? ` (${formatWhole(p.read)} of ${formatWhole(p.total)})` : ''}…`;
    }
  }

  return { element, dispose: () => abort.abort() };
}

function summaryOf(summary: ImportSummary): HTMLElement {
  const counts = (Object.entries(summary.counts) as [string, number][]).filter(([, n]) => n > 0);
  const skipped = Object.entries(summary.skipped).sort((a, b) => b[1] - a[1]);
  return h(
    'div',
    { class: 'import-summary' },
    h('p', {
      text: `Import ${summary.importId} with ${summary.connector}, in ${(summary.durationMs / 1000).toFixed(1)} s.`,
    }),
    countTable(
      'Stored',
      'What',
      counts.map(([what, n]) => [words(what), n]),
      'stored',
    ),
    skipped.length === 0
      ? h('p', { text: 'Nothing was skipped.' })
      : countTable('Skipped, by reason', 'Reason', skipped, 'skipped'),
  );
}

/** "interactionsStored" → "interactions stored". */
function words(key: string): string {
  return key.replace(/([A-Z])/g, ' $1').toLowerCase();
}

function countTable(
  caption: string,
  what: string,
  rows: [string, number][],
  className: string,
): HTMLElement {
  return dataTable<[string, number]>({
    caption,
    fileName: `helpflow-import-${className}`,
    className,
    rows,
    columns: [
      { label: what, value: ([name]) => name },
      { label: 'How many', numeric: true, value: ([, n]) => n },
    ],
  });
}

function historyTable(imports: ImportRecord[]): HTMLElement {
  if (imports.length === 0) return h('p', { class: 'state empty', text: 'Nothing imported yet.' });
  return dataTable<ImportRecord>({
    caption: 'History of imports (newest first)',
    fileName: 'helpflow-imports',
    className: 'import-history',
    rows: imports,
    columns: [
      { label: '#', numeric: true, value: (i) => i.importId },
      { label: 'Connector', value: (i) => i.connector },
      { label: 'From', value: (i) => i.origin.split('/').pop() ?? i.origin },
      { label: 'Status', value: (i) => (i.error ? `${i.status}: ${i.error}` : i.status) },
      { label: 'Started', value: (i) => i.startedAt.replace('T', ' ').replace('Z', '') },
      { label: 'Stored', numeric: true, value: (i) => i.counts?.interactionsStored ?? 0 },
      {
        label: 'Skipped',
        numeric: true,
        value: (i) => Object.values(i.skipped ?? {}).reduce((a, b) => a + b, 0),
      },
    ],
  });
}
