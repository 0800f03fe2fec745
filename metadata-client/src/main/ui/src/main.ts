// The dashboard's entry point: a hash router over the five views.
import { clear, errorBox } from './dom';
import { disposeCharts } from './charts';
import { runsView } from './views/runs';
import { runView } from './views/run';
import { compareView } from './views/compare';
import { lineageView } from './views/lineage';
import { modelsView } from './views/models';

export interface Route { path: string[]; params: URLSearchParams }

type View = (root: HTMLElement, route: Route) => Promise<void>;

function parse(hash: string): Route {
  const h = hash.replace(/^#/, '') || '/';
  const [p, q] = h.split('?', 2);
  return { path: p.split('/').filter(s => s), params: new URLSearchParams(q ?? '') };
}

function pick(route: Route): [string, View] {
  const [first, second] = route.path;
  if (!first) return ['runs', runsView];
  if (first === 'runs' && second) return ['runs', runView];
  if (first === 'compare') return ['compare', compareView];
  if (first === 'lineage') return ['lineage', lineageView];
  if (first === 'models') return ['models', modelsView];
  return ['runs', runsView];
}

let generation = 0;

async function render(): Promise<void> {
  const root = document.getElementById('app')!;
  const route = parse(location.hash);
  const [nav, view] = pick(route);
  const mine = ++generation;
  disposeCharts();
  clear(root);
  document.body.dataset.view = nav;
  document.body.dataset.ready = 'false';
  for (const a of document.querySelectorAll<HTMLAnchorElement>('header nav a')) {
    a.classList.toggle('active', a.dataset.nav === nav);
  }
  try {
    await view(root, route);
  } catch (e) {
    if (mine === generation) root.append(errorBox(e));
  }
  if (mine === generation) {
    document.body.dataset.renders = String(mine);
    document.body.dataset.renderedAtMs = String(Math.round(performance.now()));
    document.body.dataset.ready = 'true';
  }
}

window.addEventListener('hashchange', () => void render());
void render();
