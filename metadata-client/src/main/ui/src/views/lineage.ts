// The lineage explorer: datasets -> runs/executions -> models -> deployments, grown from one node by expanding
// neighbours on click. Only what was expanded is fetched, laid out (dagre, left to right; plain ranks beyond 300
// nodes) and drawn (SVG), and a
// node shows at most NEIGHBOURS_PER_CLICK neighbours at a time, so a graph of 10,000+ nodes stays explorable.
import dagre from '@dagrejs/dagre';
import { api, Artifact, Execution, plain } from '../api';
import { h, clear, formatTime } from '../dom';
import type { Route } from '../main';

export const NEIGHBOURS_PER_CLICK = 25;
const MAX_VISIBLE = 1500;
/** Above this many nodes shown the explorer lays the graph out in plain ranks instead of with dagre. */
const DAGRE_MAX_NODES = 300;
const SVG = 'http://www.w3.org/2000/svg';
const RUN_TYPE = 'jfairing.Run';
const W = 180;
const H = 40;

type Kind = 'artifact' | 'execution';
interface GraphNode {
  key: string; kind: Kind; id: number; type: string; label: string; record: Artifact | Execution;
  /** neighbours found but not yet shown, as node keys */
  pending?: string[];
  expanded: boolean;
}
interface Edge { from: string; to: string }

const keyOf = (kind: Kind, id: number) => (kind === 'artifact' ? 'a' : 'e') + id;

export async function lineageView(root: HTMLElement, route: Route): Promise<void> {
  root.append(h('h1', {}, 'Lineage'));
  const artifactId = Number(route.params.get('artifact'));
  const executionId = Number(route.params.get('execution'));
  if (!artifactId && !executionId) {
    await picker(root);
    return;
  }
  const explorer = new Explorer(root);
  if (artifactId) {
    const [a] = await api.artifacts({ id: [artifactId] });
    if (!a) throw new Error(`no artifact ${artifactId}`);
    explorer.add('artifact', a);
  } else {
    const found = await api.executions({ id: [executionId] });
    if (!found.length) throw new Error(`no execution ${executionId}`);
    await explorer.addExecutions(found);
  }
  await explorer.expand(explorer.nodes.values().next().value!);
}

async function picker(root: HTMLElement): Promise<void> {
  const [datasets, models] = await Promise.all([
    api.artifacts({ type: 'system.Dataset', limit: 50 }), api.artifacts({ type: 'system.Model', limit: 50 })]);
  root.append(h('p', { class: 'muted' }, 'Start from a dataset or a model (or from a run page\'s artifacts).'));
  const list = (title: string, items: Artifact[], id: string) => h('div', { class: 'card', id },
    h('h2', {}, title),
    items.length ? h('ul', {}, ...items.map(a => h('li', {}, h('a', { href: `#/lineage?artifact=${a.id}` }, a.name || a.uri || `#${a.id}`))))
      : h('p', { class: 'muted empty' }, 'none logged'));
  const found = h('div', { id: 'found' });
  const input = h('input', { type: 'search', id: 'artifact-name', placeholder: 'an artifact name, e.g. wine', 'aria-label': 'artifact name' });
  const form = h('form', { class: 'search', onsubmit: (async (ev: Event) => {
    ev.preventDefault();
    const hits = await api.artifacts({ name: input.value.trim(), limit: 50 });
    clear(found);
    found.append(list(`Named "${input.value.trim()}"`, hits, 'named'));
  }) as EventListener }, input, h('button', { type: 'submit' }, 'Find'));
  root.append(form, found, h('div', { class: 'cards' }, list('Latest datasets', datasets, 'datasets'), list('Latest models', models, 'models')));
}

class Explorer {
  readonly nodes = new Map<string, GraphNode>();
  private readonly edges = new Map<string, Edge>();
  private readonly svg: SVGSVGElement;
  private readonly layer: SVGGElement;
  private readonly details: HTMLElement;
  private readonly status: HTMLElement;
  private view = { x: 20, y: 20, k: 1 };
  private focus?: string;

  constructor(root: HTMLElement) {
    this.status = h('p', { class: 'muted', id: 'lineage-status' });
    this.svg = document.createElementNS(SVG, 'svg');
    this.svg.setAttribute('class', 'lineage');
    this.svg.setAttribute('id', 'lineage-graph');
    this.layer = document.createElementNS(SVG, 'g');
    this.svg.append(this.layer);
    this.details = h('aside', { class: 'card node-details', id: 'node-details' }, h('p', { class: 'muted' }, 'Click a node to expand it.'));
    root.append(this.status, h('div', { class: 'lineage-split' }, this.svg, this.details));
    this.panZoom();
  }

  add(kind: Kind, record: Artifact | Execution): GraphNode {
    const key = keyOf(kind, record.id);
    let node = this.nodes.get(key);
    if (!node) {
      node = { key, kind, id: record.id, type: record.type, label: record.name || (record as Artifact).uri || `${record.type} ${record.id}`, record, expanded: false };
      this.nodes.set(key, node);
    }
    return node;
  }

  /** Adds executions; runs are labelled with their run names (kept by the run API, not on the execution). */
  async addExecutions(executions: Execution[]): Promise<void> {
    const runIds = executions.filter(e => e.type === RUN_TYPE && !e.name).map(e => e.id);
    const names = new Map<number, string>();
    for (let i = 0; i < runIds.length; i += 100) {
      const page = await api.searchRuns({ filter: `attributes.run_id IN (${runIds.slice(i, i + 100).join(',')})`, pageSize: 100 });
      page.runs.forEach(r => names.set(r.id, r.name));
    }
    for (const e of executions) {
      const node = this.add('execution', e);
      const name = names.get(e.id);
      if (name) node.label = name;
    }
  }

  /** Fetches the node's neighbours (once) and shows the next NEIGHBOURS_PER_CLICK of them. */
  async expand(node: GraphNode): Promise<void> {
    this.showDetails(node);
    this.focus = node.key;
    if (!node.expanded) {
      const events = await api.events(node.kind === 'artifact' ? { artifactId: [node.id] } : { executionId: [node.id] });
      const found: string[] = [];
      for (const e of events) {
        const a = keyOf('artifact', e.artifactId);
        const x = keyOf('execution', e.executionId);
        const input = e.type.includes('INPUT');
        const edge = input ? { from: a, to: x } : { from: x, to: a };
        (this.pendingEdges ??= new Map()).set(edge.from + '>' + edge.to, edge);
        const other = node.kind === 'artifact' ? x : a;
        if (!found.includes(other)) found.push(other);
      }
      node.pending = found.filter(k => !this.nodes.has(k));
      node.expanded = true;
    }
    const next = (node.pending ?? []).splice(0, NEIGHBOURS_PER_CLICK);
    if (this.nodes.size + next.length > MAX_VISIBLE) {
      this.status.textContent = `Showing ${this.nodes.size} nodes already: open a node's own lineage page to go further.`;
      return;
    }
    const artifactIds = next.filter(k => k.startsWith('a')).map(k => Number(k.slice(1)));
    const executionIds = next.filter(k => k.startsWith('e')).map(k => Number(k.slice(1)));
    const [artifacts, executions] = await Promise.all([
      artifactIds.length ? api.artifacts({ id: artifactIds }) : Promise.resolve([]),
      executionIds.length ? api.executions({ id: executionIds }) : Promise.resolve([])]);
    artifacts.forEach(a => this.add('artifact', a));
    await this.addExecutions(executions);
    for (const [k, e] of this.pendingEdges ?? []) {
      if (this.nodes.has(e.from) && this.nodes.has(e.to)) this.edges.set(k, e);
    }
    this.render();
  }

  private pendingEdges?: Map<string, Edge>;

  private render(): void {
    const g = this.nodes.size > DAGRE_MAX_NODES ? layered(this.nodes, this.edges) : dagreLayout(this.nodes, this.edges);
    clear(this.layer);
    for (const e of this.edges.values()) {
      const pts: { x: number; y: number }[] = g.edge(e.from, e.to)?.points ?? [];
      const path = document.createElementNS(SVG, 'path');
      path.setAttribute('d', pts.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' '));
      path.setAttribute('class', 'edge');
      path.setAttribute('marker-end', 'url(#arrow)');
      this.layer.append(path);
    }
    for (const n of this.nodes.values()) {
      const pos = g.node(n.key);
      const el = document.createElementNS(SVG, 'g');
      el.setAttribute('class', `node ${n.kind} ${cssType(n.type)}${n.expanded ? ' expanded' : ''}`);
      el.setAttribute('transform', `translate(${pos.x - W / 2},${pos.y - H / 2})`);
      el.dataset.key = n.key;
      const rect = document.createElementNS(SVG, 'rect');
      rect.setAttribute('width', String(W));
      rect.setAttribute('height', String(H));
      rect.setAttribute('rx', n.kind === 'execution' ? '18' : '3');
      const title = document.createElementNS(SVG, 'text');
      title.setAttribute('x', '8');
      title.setAttribute('y', '16');
      title.textContent = clip(n.label, 26);
      const type = document.createElementNS(SVG, 'text');
      type.setAttribute('x', '8');
      type.setAttribute('y', '32');
      type.setAttribute('class', 'type');
      type.textContent = `${n.type} #${n.id}`;
      el.append(rect, title, type);
      el.addEventListener('click', () => void this.expand(n));
      this.layer.append(el);
      if (n.pending?.length) {
        const more = g.node(n.key + '+');
        const m = document.createElementNS(SVG, 'g');
        m.setAttribute('class', 'node more');
        m.setAttribute('transform', `translate(${more.x - 45},${more.y - 14})`);
        m.dataset.more = n.key;
        const r = document.createElementNS(SVG, 'rect');
        r.setAttribute('width', '90');
        r.setAttribute('height', '28');
        r.setAttribute('rx', '14');
        const t = document.createElementNS(SVG, 'text');
        t.setAttribute('x', '10');
        t.setAttribute('y', '18');
        t.textContent = `+${n.pending.length} more`;
        m.append(r, t);
        m.addEventListener('click', () => void this.expand(n));
        this.layer.append(m);
      }
    }
    const hidden = [...this.nodes.values()].reduce((s, n) => s + (n.pending?.length ?? 0), 0);
    this.status.textContent = `${this.nodes.size} nodes shown, ${hidden} more to expand. Click a node to expand it; drag to pan, wheel to zoom.`;
    if (this.focus) {
      // keep the node just clicked (at first: the start node) in view, half way down
      const at = g.node(this.focus);
      this.view.y = this.svg.clientHeight / 2 - at.y * this.view.k;
      const x = this.view.x + at.x * this.view.k;
      if (x < W || x > this.svg.clientWidth - W) this.view.x = this.svg.clientWidth / 3 - at.x * this.view.k;
    }
    this.svg.dataset.nodes = String(this.nodes.size);
    this.svg.dataset.hidden = String(hidden);
    this.applyView();
  }

  private showDetails(n: GraphNode): void {
    clear(this.details);
    const r = n.record;
    const rows: [string, string][] = [['kind', n.kind], ['type', r.type], ['id', String(r.id)], ['name', r.name || n.label]];
    if ('uri' in r && r.uri) rows.push(['uri', r.uri]);
    if (r.state) rows.push(['state', r.state]);
    if (r.createTime) rows.push(['created', formatTime(r.createTime)]);
    for (const [k, v] of Object.entries({ ...r.properties, ...r.customProperties })) rows.push([k, plain(v)]);
    this.details.append(h('h2', {}, n.label),
      h('table', { class: 'kv' }, h('tbody', {}, ...rows.map(([k, v]) => h('tr', {}, h('th', {}, k), h('td', {}, v))))));
    if (n.kind === 'execution' && n.type === RUN_TYPE) this.details.append(h('a', { href: `#/runs/${n.id}` }, 'open run'));
  }

  private panZoom(): void {
    const defs = document.createElementNS(SVG, 'defs');
    const marker = document.createElementNS(SVG, 'marker');
    for (const [k, v] of Object.entries({ id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '7', markerHeight: '7', orient: 'auto' })) marker.setAttribute(k, v);
    const tip = document.createElementNS(SVG, 'path');
    tip.setAttribute('d', 'M0,0 L10,5 L0,10 z');
    marker.append(tip);
    defs.append(marker);
    this.svg.append(defs);
    let drag: { x: number; y: number } | null = null;
    this.svg.addEventListener('pointerdown', ev => { if (ev.target === this.svg) drag = { x: ev.clientX, y: ev.clientY }; });
    window.addEventListener('pointerup', () => { drag = null; });
    this.svg.addEventListener('pointermove', ev => {
      if (!drag) return;
      this.view.x += ev.clientX - drag.x;
      this.view.y += ev.clientY - drag.y;
      drag = { x: ev.clientX, y: ev.clientY };
      this.applyView();
    });
    this.svg.addEventListener('wheel', ev => {
      ev.preventDefault();
      const k = Math.min(3, Math.max(0.1, this.view.k * (ev.deltaY < 0 ? 1.1 : 0.9)));
      const box = this.svg.getBoundingClientRect();
      const mx = ev.clientX - box.left;
      const my = ev.clientY - box.top;
      this.view.x = mx - (mx - this.view.x) * (k / this.view.k);
      this.view.y = my - (my - this.view.y) * (k / this.view.k);
      this.view.k = k;
      this.applyView();
    }, { passive: false });
  }

  private applyView(): void {
    this.layer.setAttribute('transform', `translate(${this.view.x},${this.view.y}) scale(${this.view.k})`);
  }
}

/** Where render() finds each node's centre and each edge's points. */
interface Layout {
  node(key: string): { x: number; y: number };
  edge(from: string, to: string): { points: { x: number; y: number }[] } | undefined;
}

/** Each shown node, and a "+N more" node beside each node with neighbours still hidden. */
function layoutNodes(nodes: Map<string, GraphNode>): { key: string; width: number; height: number; parent?: string }[] {
  const out: { key: string; width: number; height: number; parent?: string }[] = [];
  for (const n of nodes.values()) {
    out.push({ key: n.key, width: W, height: H });
    if (n.pending?.length) out.push({ key: n.key + '+', width: 90, height: 28, parent: n.key });
  }
  return out;
}

function dagreLayout(nodes: Map<string, GraphNode>, edges: Map<string, Edge>): Layout {
  const g = new dagre.graphlib.Graph();
  g.setGraph({ rankdir: 'LR', nodesep: 14, ranksep: 70 });
  g.setDefaultEdgeLabel(() => ({}));
  const all = layoutNodes(nodes);
  for (const n of all) g.setNode(n.key, { width: n.width, height: n.height });
  for (const e of edges.values()) g.setEdge(e.from, e.to);
  for (const n of all) if (n.parent) g.setEdge(n.parent, n.key);
  dagre.layout(g);
  return g;
}

/**
 * Left to right in ranks (the longest path from a node without inputs), each rank's nodes stacked in the order they
 * were shown, edges straight: linear in the graph's size, for graphs too large for dagre, whose crossing
 * minimisation grows much faster (a click at 1,000 nodes shown froze the page for 1.7 s in DashboardBench).
 */
function layered(nodes: Map<string, GraphNode>, edges: Map<string, Edge>): Layout {
  const all = layoutNodes(nodes);
  const links: Edge[] = [...edges.values()];
  for (const n of all) if (n.parent) links.push({ from: n.parent, to: n.key });
  const outs = new Map<string, string[]>();
  const indegree = new Map<string, number>(all.map(n => [n.key, 0]));
  for (const e of links) {
    (outs.get(e.from) ?? outs.set(e.from, []).get(e.from)!).push(e.to);
    indegree.set(e.to, (indegree.get(e.to) ?? 0) + 1);
  }
  const rank = new Map<string, number>();
  const queue = all.filter(n => indegree.get(n.key) === 0).map(n => n.key);
  queue.forEach(k => rank.set(k, 0));
  for (let i = 0; i < queue.length; i++) {
    const k = queue[i];
    for (const t of outs.get(k) ?? []) {
      rank.set(t, Math.max(rank.get(t) ?? 0, rank.get(k)! + 1));
      indegree.set(t, indegree.get(t)! - 1);
      if (indegree.get(t) === 0) queue.push(t);
    }
  }
  const at = new Map<string, { x: number; y: number; width: number }>();
  const filled: number[] = [];
  for (const n of all) {
    const r = rank.get(n.key) ?? 0; // a node on a cycle (read and written by one run) goes first
    const top = filled[r] ?? 0;
    at.set(n.key, { x: r * (W + 70) + W / 2, y: top + n.height / 2, width: n.width });
    filled[r] = top + n.height + 14;
  }
  return {
    node: key => at.get(key)!,
    edge: (from, to) => {
      const a = at.get(from);
      const b = at.get(to);
      return a && b ? { points: [{ x: a.x + a.width / 2, y: a.y }, { x: b.x - b.width / 2, y: b.y }] } : undefined;
    },
  };
}

function cssType(type: string): string {
  return 't-' + type.replace(/[^A-Za-z0-9]/g, '-').toLowerCase();
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n - 1) + '…' : s;
}
