// Compare runs: one metric's curves overlaid, parallel coordinates over params and metrics, and a param against
// a metric as a scatter.
import { api, RunInfo } from '../api';
import { h } from '../dom';
import { curveOption, draw, parallelOption, scatterOption, Axis, XAxis } from '../charts';
import { CURVE_POINTS } from './run';
import type { Route } from '../main';

const MAX_RUNS = 100;

export async function compareView(root: HTMLElement, route: Route): Promise<void> {
  const ids = (route.params.get('runs') ?? '').split(',').map(Number).filter(n => Number.isInteger(n) && n > 0).slice(0, MAX_RUNS);
  root.append(h('h1', {}, 'Compare runs'));
  if (!ids.length) {
    root.append(h('p', { class: 'muted empty' }, 'No runs chosen: tick runs in the ', h('a', { href: '#/' }, 'runs table'), ' and press "Compare selected".'));
    return;
  }
  const page = await api.searchRuns({ filter: `attributes.run_id IN (${ids.join(',')})`, pageSize: MAX_RUNS });
  const runs = ids.map(id => page.runs.find(r => r.id === id)).filter((r): r is RunInfo => !!r);
  const params = [...new Set(runs.flatMap(r => Object.keys(r.params)))].sort();
  const metrics = [...new Set(runs.flatMap(r => Object.keys(r.metrics)))].sort();
  const metric = route.params.get('metric') ?? metrics[0];
  const x: XAxis = route.params.get('x') === 'time' ? 'time' : 'step';
  const px = route.params.get('param') ?? params[0];
  const py = route.params.get('against') ?? metric;

  const link = (changes: Record<string, string>) => {
    const q = new URLSearchParams(route.params);
    for (const [k, v] of Object.entries(changes)) q.set(k, v);
    return '#/compare?' + q.toString();
  };
  const select = (id: string, label: string, options: string[], value: string | undefined, param: string) =>
    h('label', {}, label + ' ', h('select', { id, onchange: ((ev: Event) => { location.hash = link({ [param]: (ev.target as HTMLSelectElement).value }); }) as EventListener },
      ...options.map(o => { const opt = h('option', { value: o }, o); opt.selected = o === value; return opt; })));

  root.append(h('p', { class: 'muted' }, `${runs.length} runs: `, ...runs.flatMap((r, i) => [i ? ', ' : '', h('a', { href: `#/runs/${r.id}` }, r.name || String(r.id))])));

  // overlaid curves
  root.append(h('h2', {}, 'Curves'));
  if (metric) {
    root.append(h('div', { class: 'toolbar' }, select('curve-metric', 'metric', metrics, metric, 'metric'),
      select('curve-x', 'x axis', ['step', 'time'], x, 'x')));
    const box = h('div', { class: 'chart wide', id: 'overlay' });
    root.append(box);
    const curves = await Promise.all(runs.filter(r => metric in r.metrics).map(async r =>
      ({ name: r.name || String(r.id), points: await api.metricHistory(r.id, metric, CURVE_POINTS) })));
    await draw(box, curveOption(metric, curves, x));
  } else {
    root.append(h('p', { class: 'muted' }, 'These runs logged no metrics.'));
  }

  // parallel coordinates
  root.append(h('h2', {}, 'Parallel coordinates'));
  const dims = [...params.map(p => ({ kind: 'param', key: p })), ...metrics.map(m => ({ kind: 'metric', key: m }))].slice(0, 24);
  const axes: Axis[] = dims.map(d => {
    if (d.kind === 'metric') return { name: d.key };
    const values = runs.map(r => r.params[d.key]).filter(v => v !== undefined);
    const numeric = values.every(v => v.trim() !== '' && Number.isFinite(Number(v)));
    return numeric ? { name: d.key } : { name: d.key, categories: [...new Set(values)].sort() };
  });
  const rows = runs.map(r => ({
    name: r.name || String(r.id),
    values: dims.map((d, i) => {
      const v = d.kind === 'metric' ? r.metrics[d.key] : r.params[d.key];
      if (v === undefined) return null;
      return axes[i].categories ? String(v) : Number(v);
    }),
  }));
  const parallel = h('div', { class: 'chart wide', id: 'parallel' });
  root.append(parallel);
  if (dims.length) await draw(parallel, parallelOption(axes, rows));

  // scatter
  root.append(h('h2', {}, 'Param against metric'));
  if (px && py) {
    root.append(h('div', { class: 'toolbar' }, select('scatter-param', 'param', params, px, 'param'),
      select('scatter-metric', 'metric', metrics, py, 'against')));
    const categorical = runs.some(r => r.params[px] !== undefined && !Number.isFinite(Number(r.params[px])));
    const pts = runs.filter(r => r.params[px] !== undefined && r.metrics[py] !== undefined).map(r => ({
      name: r.name || String(r.id), x: categorical ? r.params[px] : Number(r.params[px]), y: r.metrics[py] }));
    const box = h('div', { class: 'chart wide', id: 'scatter' });
    root.append(box);
    await draw(box, scatterOption(px, py, pts, categorical ? [...new Set(pts.map(p => String(p.x)))].sort() : undefined));
  } else {
    root.append(h('p', { class: 'muted' }, 'A scatter needs a param and a metric.'));
  }
}
