// Experiments and the runs table: search with the store's filter language, sort by any column, page with the
// server's page tokens (one page of rows in the DOM at a time, so 100,000 runs cost what 100 do).
import { api, ApiError, RunInfo, RunSearch } from '../api';
import { h, clear, errorBox, formatNumber, formatTime } from '../dom';
import type { Route } from '../main';

const PAGE_SIZE = 100;
const selected = new Set<number>();

function hashFor(exp: string | null, filter: string, order: string): string {
  const q = new URLSearchParams();
  if (exp) q.set('experiment', exp);
  if (filter) q.set('filter', filter);
  if (order) q.set('order', order);
  const s = q.toString();
  return '#/' + (s ? '?' + s : '');
}

export async function runsView(root: HTMLElement, route: Route): Promise<void> {
  const exp = route.params.get('experiment');
  const filter = route.params.get('filter') ?? '';
  const order = route.params.get('order') ?? '';
  const experiments = await api.experiments();

  const side = h('aside', { class: 'experiments' }, h('h2', {}, 'Experiments'));
  const list = h('ul', {});
  list.append(h('li', {}, h('a', { href: hashFor(null, filter, order), class: exp ? '' : 'active' }, 'All experiments')));
  for (const e of experiments) {
    list.append(h('li', {}, h('a', { href: hashFor(String(e.id), filter, order), class: exp === String(e.id) ? 'active' : '', 'data-experiment': e.name }, e.name)));
  }
  side.append(experiments.length ? list : h('p', { class: 'muted' }, 'No experiments yet: log a run to see it here.'));

  const input = h('input', { type: 'search', id: 'filter', value: filter, spellcheck: false, size: 60,
    placeholder: "metrics.accuracy > 0.9 and params.lr = '0.01'", 'aria-label': 'filter' });
  const form = h('form', { class: 'search', onsubmit: ((ev: Event) => {
    ev.preventDefault();
    location.hash = hashFor(exp, input.value.trim(), order);
  }) as EventListener }, input, h('button', { type: 'submit' }, 'Search'));
  const compare = h('button', { id: 'compare-selected', disabled: selected.size < 1, onclick: (() => {
    location.hash = '#/compare?runs=' + [...selected].join(',');
  }) as EventListener }, `Compare selected (${selected.size})`);
  const status = h('span', { class: 'muted', id: 'page-status' });
  const tableBox = h('div', { class: 'table-box' });
  const pager = h('div', { class: 'pager' });
  const main = h('section', { class: 'runs' }, h('div', { class: 'toolbar' }, form, compare), status, tableBox, pager);
  root.append(h('div', { class: 'split' }, side, main));

  const search: RunSearch = {
    experimentIds: exp ? [Number(exp)] : undefined,
    filter: filter || undefined,
    orderBy: order ? [order] : undefined,
    pageSize: PAGE_SIZE,
  };
  const tokens: (string | undefined)[] = [undefined];
  let pageIndex = 0;
  let painted = false;

  async function load(): Promise<void> {
    let page;
    try {
      page = await api.searchRuns({ ...search, pageToken: tokens[pageIndex] });
    } catch (e) {
      clear(tableBox);
      tableBox.append(errorBox(e instanceof ApiError && e.code !== 'INTERNAL' ? new Error('Filter: ' + e.message) : e));
      return;
    }
    if (page.nextPageToken) tokens[pageIndex + 1] = page.nextPageToken;
    clear(tableBox);
    tableBox.append(table(page.runs, order, key => { location.hash = hashFor(exp, filter, key); }, () => {
      compare.disabled = selected.size < 1;
      compare.textContent = `Compare selected (${selected.size})`;
    }));
    status.textContent = page.runs.length
      ? `Runs ${pageIndex * PAGE_SIZE + 1}-${pageIndex * PAGE_SIZE + page.runs.length}${page.nextPageToken ? ' (more)' : ''}`
      : 'No runs match.';
    clear(pager);
    pager.append(
      h('button', { id: 'prev-page', disabled: pageIndex === 0, onclick: (() => { pageIndex--; void load(); }) as EventListener }, '← Previous'),
      h('button', { id: 'next-page', disabled: !page.nextPageToken, onclick: (() => { pageIndex++; void load(); }) as EventListener }, 'Next →'));
    if (!painted) {
      painted = true;
      // measured by the benchmark: from navigation start to the frame that shows the first page of rows
      requestAnimationFrame(() => {
        document.body.dataset.runsFirstPaintMs = String(Math.round(performance.now()));
      });
    }
  }
  await load();
}

function sortKey(order: string): [string, 'ASC' | 'DESC'] {
  const m = /^(.*?)(?:\s+(ASC|DESC))?$/i.exec(order.trim());
  return [m?.[1] ?? '', (m?.[2]?.toUpperCase() as 'ASC' | 'DESC') ?? 'ASC'];
}

function quoteKey(key: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(key) ? key : '`' + key + '`';
}

function table(runs: RunInfo[], order: string, sortBy: (clause: string) => void, onSelect: () => void): HTMLElement {
  const params = [...new Set(runs.flatMap(r => Object.keys(r.params)))].sort();
  const metrics = [...new Set(runs.flatMap(r => Object.keys(r.metrics)))].sort();
  const [current, dir] = sortKey(order);
  const header = (label: string, key: string, cls = '') => {
    const active = current === key;
    const next = active && dir === 'DESC' ? `${key} ASC` : `${key} DESC`;
    return h('th', { class: cls + (active ? ' sorted' : ''), 'data-sort': key, title: 'sort by ' + key,
      onclick: (() => sortBy(next)) as EventListener }, label, active ? (dir === 'DESC' ? ' ▼' : ' ▲') : '');
  };
  const thead = h('thead', {},
    h('tr', {}, h('th', {}, ''), header('Run', 'attributes.run_name'), header('Status', 'attributes.status'),
      header('Started', 'attributes.start_time'),
      ...params.map(p => header(p, 'params.' + quoteKey(p), 'param')),
      ...metrics.map(m => header(m, 'metrics.' + quoteKey(m), 'metric'))));
  const tbody = h('tbody', {});
  for (const r of runs) {
    const box = h('input', { type: 'checkbox', 'aria-label': 'select ' + r.name, checked: selected.has(r.id), onchange: ((ev: Event) => {
      if ((ev.target as HTMLInputElement).checked) selected.add(r.id); else selected.delete(r.id);
      onSelect();
    }) as EventListener });
    tbody.append(h('tr', { 'data-run-id': r.id },
      h('td', {}, box),
      h('td', {}, h('a', { href: `#/runs/${r.id}` }, r.name || `run ${r.id}`)),
      h('td', { class: 'status ' + r.status.toLowerCase() }, r.status),
      h('td', {}, formatTime(r.startTime)),
      ...params.map(p => h('td', { class: 'param' }, r.params[p] ?? '')),
      ...metrics.map(m => h('td', { class: 'metric num' }, formatNumber(r.metrics[m])))));
  }
  return h('table', { class: 'runs-table' }, thead, tbody);
}
