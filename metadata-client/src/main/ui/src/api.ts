// The metadata server's REST API (see /openapi.yaml), as the dashboard reads it. Same origin, no token: the
// dashboard only reads, and reads need no token on a loopback server.

export interface Experiment { id: number; name: string; createTime?: number }
export interface RunInfo {
  id: number; uuid: string; experimentId: number; name: string; status: string;
  startTime: number; endTime?: number;
  params: Record<string, string>; tags: Record<string, string>; metrics: Record<string, number>;
}
export interface MetricPoint { key: string; value: number; step: number; timestamp: number }
export type Value = { intValue?: number; doubleValue?: number; stringValue?: string; boolValue?: boolean; structValue?: unknown };
export interface Artifact {
  id: number; type: string; uri?: string; name?: string; state?: string;
  properties?: Record<string, Value>; customProperties?: Record<string, Value>; createTime?: number;
}
export interface Execution {
  id: number; type: string; name?: string; state?: string;
  properties?: Record<string, Value>; customProperties?: Record<string, Value>; createTime?: number;
}
export interface MlmdEvent { artifactId: number; executionId: number; type: string; path?: { key?: string; index?: number }[] }
/** A registered model: its aliases map each alias to a version number. */
export interface RegisteredModel {
  name: string; description?: string | null; tags: Record<string, string>; aliases: Record<string, number>;
  latestVersion?: number | null; createTime: number; updateTime: number;
}
/** One version of a registered model, made from a run's model artifact. */
export interface ModelVersion {
  model: string; version: number; artifactId: number; runId?: number | null; uri?: string | null;
  description?: string | null; tags: Record<string, string>; aliases: string[]; deployments: string[];
  createTime: number; updateTime: number;
}
export interface RunPage { runs: RunInfo[]; nextPageToken?: string }
export interface RunSearch { experimentIds?: number[]; filter?: string; orderBy?: string[]; pageSize?: number; pageToken?: string }

/** An answer other than 2xx, with the server's error code and message. */
export class ApiError extends Error {
  constructor(readonly status: number, readonly code: string, message: string) { super(message); }
}

const NON_FINITE = /"(?:[^"\\]|\\.)*"|-?Infinity|NaN/g;
const SENTINEL = '\u0000nf:';

/** JSON.parse that also reads the bare NaN / Infinity / -Infinity tokens the server writes for such metric values. */
export function parseJson(text: string): unknown {
  const quoted = text.replace(NON_FINITE, m => (m.startsWith('"') ? m : `"${SENTINEL}${m}"`));
  return JSON.parse(quoted, (_k, v) => (typeof v === 'string' && v.startsWith(SENTINEL) ? Number(v.slice(SENTINEL.length)) : v));
}

async function call<T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> {
  const init: RequestInit = { method, headers: { Accept: 'application/json' } };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)['Content-Type'] = 'application/json';
  }
  const res = await fetch(path, init);
  const text = await res.text();
  if (!res.ok) {
    let code = 'HTTP_' + res.status;
    let message = `${method} ${path} answered ${res.status}`;
    try {
      const e = (parseJson(text) as { error?: { code?: string; message?: string } }).error;
      if (e?.code) code = e.code;
      if (e?.message) message = e.message;
    } catch { /* not JSON: keep the status line */ }
    throw new ApiError(res.status, code, message);
  }
  return parseJson(text) as T;
}

function query(params: Record<string, string | number | (string | number)[] | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined) continue;
    for (const one of Array.isArray(v) ? v : [v]) q.append(k, String(one));
  }
  const s = q.toString();
  return s ? '?' + s : '';
}

export const api = {
  experiments: () => call<{ experiments: Experiment[] }>('GET', '/api/v1/experiments').then(r => r.experiments),
  searchRuns: (s: RunSearch) => call<RunPage>('POST', '/api/v1/runs/search', s),
  run: (id: number) => call<RunInfo>('GET', `/api/v1/runs/${id}`),
  metricHistory: (id: number, key: string, maxPoints: number) =>
    call<{ points: MetricPoint[] }>('GET', `/api/v1/runs/${id}/metric-history${query({ key, maxPoints })}`).then(r => r.points),
  events: (by: { artifactId?: number[]; executionId?: number[] }) =>
    call<{ events: MlmdEvent[] }>('GET', `/api/v1/mlmd/events${query(by)}`).then(r => r.events),
  artifacts: (q: { id?: number[]; type?: string; name?: string; limit?: number }) =>
    call<{ artifacts: Artifact[] }>('GET', `/api/v1/mlmd/artifacts${query(q)}`).then(r => r.artifacts),
  executions: (q: { id?: number[]; type?: string; name?: string; limit?: number }) =>
    call<{ executions: Execution[] }>('GET', `/api/v1/mlmd/executions${query(q)}`).then(r => r.executions),
  /** The model registry (an older server without one answers 404). */
  registeredModels: () => call<{ models: RegisteredModel[] }>('GET', '/api/v1/models').then(r => r.models),
  modelVersions: (name: string) =>
    call<{ versions: ModelVersion[] }>('GET', `/api/v1/models/${encodeURIComponent(name)}/versions`).then(r => r.versions),
};

/** A property's plain value. */
export function plain(v: Value | undefined): string {
  if (!v) return '';
  const raw = v.stringValue ?? v.intValue ?? v.doubleValue ?? v.boolValue ?? v.structValue;
  return typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
}
