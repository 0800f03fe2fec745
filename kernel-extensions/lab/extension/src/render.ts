/** DOM for the panel's sections: tables, overlaid metric curves (SVG) and the lineage graph. */

export function renderTable(
  rows: any[],
  isSelected?: (row: any) => boolean,
  onSelect?: (row: any, on: boolean) => void
): HTMLElement {
  if (!rows || rows.length === 0) {
    const empty = document.createElement('div');
    empty.className = 'jp-jfairing-empty';
    empty.textContent = 'nothing yet';
    return empty;
  }
  const columns = [...new Set(rows.flatMap(r => Object.keys(r)))];
  const table = document.createElement('table');
  table.className = 'jp-jfairing-table';
  const head = table.createTHead().insertRow();
  if (onSelect) {
    head.insertCell().textContent = '';
  }
  columns.forEach(c => (head.insertCell().textContent = c));
  const body = table.createTBody();
  for (const row of rows) {
    const tr = body.insertRow();
    if (onSelect) {
      const box = document.createElement('input');
      box.type = 'checkbox';
      box.checked = isSelected ? isSelected(row) : false;
      box.addEventListener('change', () => onSelect(row, box.checked));
      tr.insertCell().appendChild(box);
    }
    columns.forEach(c => {
      const v = row[c];
      tr.insertCell().textContent = v === undefined || v === null ? '' : typeof v === 'number' ? String(Math.round(v * 1e4) / 1e4) : String(v);
    });
  }
  return table;
}

const COLORS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

/** One polyline per run of `metric` by step, overlaid on shared axes; `data` maps run id to [[step, value], ...]. */
export function renderCurves(metric: string, data: Record<string, number[][]>): HTMLElement {
  const w = 280, h = 160, pad = 24;
  const points = Object.values(data).flat();
  const div = document.createElement('div');
  if (points.length === 0) {
    div.textContent = `no ${metric} history`;
    return div;
  }
  const xs = points.map(p => p[0]), ys = points.map(p => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const sx = (x: number) => pad + ((x - x0) / (x1 - x0 || 1)) * (w - 2 * pad);
  const sy = (y: number) => h - pad - ((y - y0) / (y1 - y0 || 1)) * (h - 2 * pad);
  const lines = Object.entries(data).map(([run, pts], i) =>
    `<polyline class="jp-jfairing-curve" data-run="${run}" fill="none" stroke="${COLORS[i % COLORS.length]}" stroke-width="1.5"
      points="${pts.map(p => `${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join(' ')}"><title>run ${run}</title></polyline>`);
  div.innerHTML = `<svg width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">
    <text x="${pad}" y="12" font-size="10">${metric}: ${Object.keys(data).map(r => 'run ' + r).join(', ')}</text>
    <line x1="${pad}" y1="${h - pad}" x2="${w - pad}" y2="${h - pad}" stroke="#888"/>
    <line x1="${pad}" y1="${pad}" x2="${pad}" y2="${h - pad}" stroke="#888"/>${lines.join('')}</svg>`;
  return div;
}

/** The lineage graph: nodes in columns by kind (datasets, runs, models, endpoints) and edges between them. */
export function renderLineage(data: { nodes: any[]; edges: any[] }): HTMLElement {
  const div = document.createElement('div');
  if (!data || !data.nodes || data.nodes.length === 0) {
    div.textContent = 'nothing yet';
    return div;
  }
  const kinds = ['dataset', 'run', 'model', 'endpoint'];
  const columns = kinds.map(k => data.nodes.filter(n => n.kind === k));
  const rowH = 22, colW = 90, h = Math.max(...columns.map(c => c.length), 1) * rowH + 20;
  const at = new Map<string, [number, number]>();
  columns.forEach((col, i) => col.forEach((n, j) => at.set(n.id, [10 + i * colW, 20 + j * rowH])));
  const edges = data.edges
    .filter(e => at.has(e.from) && at.has(e.to))
    .map(e => {
      const [a, b] = [at.get(e.from)!, at.get(e.to)!];
      return `<line class="jp-jfairing-edge" x1="${a[0] + 70}" y1="${a[1] - 4}" x2="${b[0]}" y2="${b[1] - 4}" stroke="#999"/>`;
    });
  const nodes = data.nodes
    .filter(n => at.has(n.id))
    .map(n => {
      const [x, y] = at.get(n.id)!;
      return `<text class="jp-jfairing-node" data-kind="${n.kind}" x="${x}" y="${y}" font-size="10">${n.label}</text>`;
    });
  div.innerHTML = `<svg width="${kinds.length * colW}" height="${h}">${edges.join('')}${nodes.join('')}</svg>`;
  return div;
}
