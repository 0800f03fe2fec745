// A run: params, tags, one chart per metric (on step or wall-clock time, downsampled by the server), and the
// datasets and models it read and wrote, each with a download.
import { api, Artifact, MlmdEvent, plain } from '../api';
import { h, formatNumber, formatTime } from '../dom';
import { curveOption, draw, XAxis } from '../charts';
import type { Route } from '../main';

/** Points asked of the server per curve: it downsamples longer series (LTTB) so any curve draws at once. */
export const CURVE_POINTS = 1000;

export async function runView(root: HTMLElement, route: Route): Promise<void> {
  const id = Number(route.path[1]);
  const x: XAxis = route.params.get('x') === 'time' ? 'time' : 'step';
  const [run, events] = await Promise.all([api.run(id), api.events({ executionId: [id] })]);
  const artifacts = events.length ? await api.artifacts({ id: [...new Set(events.map(e => e.artifactId))] }) : [];

  root.append(h('h1', {}, run.name || `run ${run.id}`, ' ', h('span', { class: 'status ' + run.status.toLowerCase() }, run.status)));
  root.append(h('p', { class: 'muted' }, `id ${run.id} · ${run.uuid} · experiment `,
    h('a', { href: `#/?experiment=${run.experimentId}` }, String(run.experimentId)),
    ` · started ${formatTime(run.startTime)}`, run.endTime ? ` · ended ${formatTime(run.endTime)}` : '', ' · ',
    h('a', { href: `#/lineage?execution=${run.id}`, id: 'run-lineage' }, 'lineage')));

  root.append(h('div', { class: 'cards' },
    keyValues('Params', run.params, 'params'),
    keyValues('Tags', run.tags, 'tags'),
    keyValues('Latest metrics', Object.fromEntries(Object.entries(run.metrics).map(([k, v]) => [k, formatNumber(v)])), 'latest-metrics')));

  const keys = Object.keys(run.metrics).sort();
  const toggle = h('div', { class: 'toggle' }, 'x axis: ',
    h('a', { href: `#/runs/${id}`, class: x === 'step' ? 'active' : '', id: 'x-step' }, 'step'), ' | ',
    h('a', { href: `#/runs/${id}?x=time`, class: x === 'time' ? 'active' : '', id: 'x-time' }, 'time'));
  root.append(h('h2', {}, 'Metrics'), keys.length ? toggle : h('p', { class: 'muted' }, 'No metrics logged.'));
  const grid = h('div', { class: 'chart-grid' });
  root.append(grid);
  await Promise.all(keys.map(async key => {
    const box = h('div', { class: 'chart', 'data-metric': key });
    grid.append(box);
    const points = await api.metricHistory(id, key, CURVE_POINTS);
    await draw(box, curveOption(key, [{ name: key, points }], x));
  }));

  root.append(h('h2', {}, 'Artifacts'), artifactTable(events, artifacts));
}

function keyValues(title: string, map: Record<string, string>, id: string): HTMLElement {
  const entries = Object.entries(map).sort(([a], [b]) => a.localeCompare(b));
  return h('div', { class: 'card', id },
    h('h2', {}, title),
    entries.length
      ? h('table', { class: 'kv' }, h('tbody', {}, ...entries.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v)))))
      : h('p', { class: 'muted' }, 'none'));
}

function artifactTable(events: MlmdEvent[], artifacts: Artifact[]): HTMLElement {
  if (!events.length) return h('p', { class: 'muted' }, 'This run logged no inputs or outputs.');
  const byId = new Map(artifacts.map(a => [a.id, a]));
  const rows = events.map(e => {
    const a = byId.get(e.artifactId);
    return h('tr', { 'data-artifact-id': e.artifactId },
      h('td', {}, e.type),
      h('td', {}, a?.type ?? ''),
      h('td', {}, a?.name ?? ''),
      h('td', { class: 'uri' }, a?.uri ?? ''),
      h('td', {}, a ? download(a) : '', ' ',
        h('a', { href: `#/lineage?artifact=${e.artifactId}` }, 'lineage')));
  });
  return h('table', { class: 'artifacts' },
    h('thead', {}, h('tr', {}, h('th', {}, 'event'), h('th', {}, 'type'), h('th', {}, 'name'), h('th', {}, 'uri'), h('th', {}, ''))),
    h('tbody', {}, ...rows));
}

/** A link that fetches the artifact (http and https URIs), and always its record as a JSON file. */
function download(a: Artifact): HTMLElement {
  const span = h('span', {});
  if (a.uri && /^https?:\/\//i.test(a.uri)) {
    span.append(h('a', { href: a.uri, download: '', rel: 'noopener noreferrer', class: 'download' }, 'download'), ' ');
  }
  const record: Record<string, unknown> = { ...a };
  for (const field of ['properties', 'customProperties'] as const) {
    if (a[field]) record[field] = Object.fromEntries(Object.entries(a[field]!).map(([k, v]) => [k, plain(v)]));
  }
  const blob = new Blob([JSON.stringify(record, null, 2)], { type: 'application/json' });
  span.append(h('a', { href: URL.createObjectURL(blob), download: `artifact-${a.id}.json`, class: 'download-record' }, 'record (.json)'));
  return span;
}
