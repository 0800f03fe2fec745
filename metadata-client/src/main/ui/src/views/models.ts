// The model registry: registered models with their aliases, and a chosen model's versions (GET /api/v1/models and
// /api/v1/models/{name}/versions). An older server without the registry answers 404: the view shows the empty state.
import { api, ApiError } from '../api';
import type { ModelVersion, RegisteredModel } from '../api';
import { h, formatTime } from '../dom';
import type { Route } from '../main';

function tags(t: Record<string, string> | undefined): string {
  return Object.entries(t ?? {}).map(([k, v]) => `${k}=${v}`).join(', ');
}

function aliases(m: RegisteredModel): string {
  return Object.entries(m.aliases ?? {}).map(([alias, version]) => `${alias} → ${version}`).join(', ');
}

function empty(text: string): HTMLElement {
  return h('p', { class: 'muted empty', id: 'models-empty' }, text);
}

export async function modelsView(root: HTMLElement, route: Route): Promise<void> {
  root.append(h('h1', {}, 'Model registry'));
  let models: RegisteredModel[];
  try {
    models = await api.registeredModels();
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) {
      root.append(empty('This server has no model registry yet: upgrade it to register model versions from runs.'));
      return;
    }
    throw e;
  }
  if (!models.length) {
    root.append(empty('No registered models yet: register a version from a run with %metadata register.'));
    return;
  }
  const chosen = route.params.get('model');
  root.append(h('table', { class: 'models', id: 'models' },
    h('thead', {}, h('tr', {}, h('th', {}, 'name'), h('th', {}, 'latest'), h('th', {}, 'aliases'),
      h('th', {}, 'description'), h('th', {}, 'tags'), h('th', {}, 'updated'))),
    h('tbody', {}, ...models.map(m => h('tr', { 'data-model': m.name, class: chosen === m.name ? 'active' : '' },
      h('td', {}, h('a', { href: `#/models?model=${encodeURIComponent(m.name)}` }, m.name)),
      h('td', {}, m.latestVersion ?? ''),
      h('td', { class: 'aliases' }, aliases(m)),
      h('td', {}, m.description ?? ''),
      h('td', {}, tags(m.tags)),
      h('td', {}, formatTime(m.updateTime)))))));
  if (!chosen) return;
  const versions = await api.modelVersions(chosen);
  root.append(h('h2', {}, `${chosen}: versions`), versions.length
    ? h('table', { class: 'versions', id: 'versions' },
      h('thead', {}, h('tr', {}, h('th', {}, 'version'), h('th', {}, 'aliases'), h('th', {}, 'run'), h('th', {}, 'uri'),
        h('th', {}, 'deployments'), h('th', {}, 'description'), h('th', {}, 'tags'), h('th', {}, 'created'))),
      h('tbody', {}, ...versions.map(versionRow)))
    : h('p', { class: 'muted empty' }, 'No versions: every version of this model was deleted.'));
}

function versionRow(v: ModelVersion): HTMLElement {
  return h('tr', { 'data-version': v.version },
    h('td', {}, h('a', { href: `#/lineage?artifact=${v.artifactId}`, title: 'lineage of this version' }, v.version)),
    h('td', { class: 'aliases' }, (v.aliases ?? []).join(', ')),
    h('td', { class: 'run' }, v.runId != null ? h('a', { href: `#/runs/${v.runId}` }, v.runId) : ''),
    h('td', { class: 'uri' }, v.uri ?? ''),
    h('td', { class: 'deployments' }, (v.deployments ?? []).join(', ')),
    h('td', {}, v.description ?? ''),
    h('td', {}, tags(v.tags)),
    h('td', {}, formatTime(v.createTime)));
}
