// The model registry: registered models, their versions and aliases (read from /api/v1/registered-models). A
// server without the registry answers 404: the view says so instead of failing.
import { api, ApiError } from '../api';
import { h, formatTime } from '../dom';
import type { Route } from '../main';

type Obj = Record<string, unknown>;

function list(body: Obj, ...names: string[]): Obj[] {
  for (const n of names) if (Array.isArray(body[n])) return body[n] as Obj[];
  return [];
}

/** Aliases as "alias → version", whether the server sends a map or a list of {alias, version}. */
function aliases(v: unknown): string[] {
  if (Array.isArray(v)) return v.map(a => (typeof a === 'string' ? a : `${(a as Obj).alias} → ${(a as Obj).version}`));
  if (v && typeof v === 'object') return Object.entries(v as Obj).map(([k, x]) => `${k} → ${x}`);
  return [];
}

function text(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (typeof v === 'object') return Object.entries(v as Obj).map(([k, x]) => `${k}=${x}`).join(', ');
  return String(v);
}

function time(v: unknown): string {
  return typeof v === 'number' ? formatTime(v) : text(v);
}

export async function modelsView(root: HTMLElement, route: Route): Promise<void> {
  root.append(h('h1', {}, 'Model registry'));
  let body: Obj;
  try {
    body = await api.registeredModels();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      root.append(h('p', { class: 'muted empty', id: 'models-empty' },
        'This server has no model registry yet. Register a model version from a run (%metadata register) on a server that has one.'));
      return;
    }
    throw e;
  }
  const models = list(body, 'registeredModels', 'models');
  if (!models.length) {
    root.append(h('p', { class: 'muted empty', id: 'models-empty' }, 'No registered models yet: register one with %metadata register.'));
    return;
  }
  const chosen = route.params.get('model');
  root.append(h('table', { class: 'models' },
    h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'description'), h('th', {}, 'aliases'), h('th', {}, 'tags'), h('th', {}, 'updated'))),
    h('tbody', {}, ...models.map(m => h('tr', { 'data-model': text(m.name), class: chosen === m.name ? 'active' : '' },
      h('td', {}, h('a', { href: `#/models?model=${encodeURIComponent(text(m.name))}` }, text(m.name))),
      h('td', {}, text(m.description)),
      h('td', {}, aliases(m.aliases).join(', ')),
      h('td', {}, text(m.tags)),
      h('td', {}, time(m.updateTime ?? m.lastUpdatedTimestamp ?? m.createTime)))))));
  if (!chosen) return;
  const versions = list(await api.modelVersions(chosen), 'versions', 'modelVersions');
  root.append(h('h2', {}, `${chosen}: versions`), h('table', { class: 'versions', id: 'versions' },
    h('thead', {}, h('tr', {}, h('th', {}, 'version'), h('th', {}, 'aliases'), h('th', {}, 'run'), h('th', {}, 'source'), h('th', {}, 'status'), h('th', {}, 'description'), h('th', {}, 'created'))),
    h('tbody', {}, ...versions.map(v => h('tr', { 'data-version': text(v.version) },
      h('td', {}, text(v.version)),
      h('td', {}, aliases(v.aliases).join(', ')),
      h('td', {}, v.runId ? h('a', { href: `#/runs/${v.runId}` }, text(v.runId)) : ''),
      h('td', { class: 'uri' }, text(v.source ?? v.uri)),
      h('td', {}, text(v.status ?? v.stage)),
      h('td', {}, text(v.description)),
      h('td', {}, time(v.createTime ?? v.creationTimestamp)))))));
}
