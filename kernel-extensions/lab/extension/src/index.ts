/**
 * The jfairing panel: runs, jobs, sweeps, endpoints, lineage and variables of the current notebook's Java kernel.
 * It asks the kernel over a comm of target `jfairing.panel` (no server to start); with a team metadata server
 * configured in the kernel's project, the kernel answers from that server.
 */
import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { INotebookTracker } from '@jupyterlab/notebook';
import { Widget } from '@lumino/widgets';
import { PanelClient } from './client';
import { renderCurves, renderLineage, renderTable } from './render';

const SECTIONS = ['runs', 'jobs', 'sweeps', 'endpoints', 'lineage', 'variables'] as const;
/** Rows of the runs table until "Show all" is clicked: the newest that match the filter (it searches all runs). */
const RUN_ROWS = 100;

class JfairingPanel extends Widget {
  private client: PanelClient | null = null;
  private selected = new Set<number>();
  private runs: any[] = [];
  private readonly watched = new WeakSet<object>();
  private allRuns = false;
  lastRefreshMs = 0;

  constructor(private readonly tracker: INotebookTracker) {
    super();
    this.id = 'jfairing-panel';
    this.addClass('jp-jfairing-panel');
    this.title.caption = 'jfairing';
    this.title.label = 'jfairing';
    this.node.innerHTML = `
      <div class="jp-jfairing-toolbar"><button class="jp-jfairing-refresh">Refresh</button>
        <span class="jp-jfairing-status"></span></div>
      ${SECTIONS.map(
        s => `<details class="jp-jfairing-section" data-section="${s}" open>
          <summary>${s[0].toUpperCase() + s.slice(1)}</summary>
          ${s === 'runs' ? '<input class="jp-jfairing-filter" placeholder="filter runs (name, param, status)">' : ''}
          ${s === 'endpoints' ? '<div class="jp-jfairing-predict"><input class="jp-jfairing-predict-endpoint" placeholder="endpoint"><textarea class="jp-jfairing-predict-input" placeholder="[[1.0, 2.0]]"></textarea><button class="jp-jfairing-predict-send">Predict</button><pre class="jp-jfairing-predict-output"></pre></div>' : ''}
          <div class="jp-jfairing-body"></div>
          ${s === 'runs' ? '<div class="jp-jfairing-curves"></div>' : ''}
          ${s === 'jobs' ? '<pre class="jp-jfairing-job-output"></pre>' : ''}
        </details>`
      ).join('')}`;
    this.node.querySelector('.jp-jfairing-refresh')!.addEventListener('click', () => void this.refresh());
    this.node.querySelector('.jp-jfairing-filter')!.addEventListener('input', () => this.showRuns());
    this.node.querySelector('.jp-jfairing-predict-send')!.addEventListener('click', () => void this.predict());
    tracker.currentChanged.connect((_, notebook) => {
      // the panel's comm opens while the kernel is idle, so that what the kernel pushes during a long cell arrives
      if (notebook && !this.watched.has(notebook)) {
        this.watched.add(notebook);
        notebook.sessionContext.kernelChanged.connect(() => {
          if (this.tracker.currentWidget === notebook) {
            void this.refresh();
          }
        });
      }
      void this.refresh();
    });
  }

  private section(name: string): HTMLElement {
    return this.node.querySelector(`[data-section="${name}"] .jp-jfairing-body`) as HTMLElement;
  }

  private status(text: string): void {
    (this.node.querySelector('.jp-jfairing-status') as HTMLElement).textContent = text;
  }

  private async connect(): Promise<PanelClient | null> {
    const kernel = this.tracker.currentWidget?.sessionContext.session?.kernel;
    if (!kernel) {
      return null;
    }
    if (!this.client || this.client.kernel !== kernel) {
      this.client?.dispose();
      this.client = new PanelClient(kernel);
      this.client.onPush = answer => this.showSection(String(answer.request), answer);
    }
    return this.client;
  }

  /** Asks the kernel for every section and shows them; the time it took is kept in lastRefreshMs. */
  async refresh(): Promise<void> {
    const client = await this.connect();
    if (!client) {
      this.status('open a Java notebook to see its runs');
      return;
    }
    const started = performance.now();
    this.status('refreshing...');
    // all sections in one message: one round trip through the server and the kernel's shell instead of six
    const answers = await client.requestAll(SECTIONS);
    // when the answers came (ms after the start) and how long showing them took: data-timings
    const answeredMs = Math.round(performance.now() - started);
    const shown = performance.now();
    SECTIONS.forEach((s, i) => this.showSection(s, answers[i]));
    this.lastRefreshMs = performance.now() - started;
    this.node.dataset.refreshMs = String(this.lastRefreshMs);
    this.node.dataset.timings = JSON.stringify({ answeredMs, showMs: Math.round(performance.now() - shown) });
    this.status(`${this.runs.length} runs`);
    await this.showCurves();
  }

  /** Shows the kernel's answer for one section: asked by refresh, or pushed by the kernel when it changed. */
  private showSection(s: string, answer: any): void {
    if (!(SECTIONS as readonly string[]).includes(s)) {
      return;
    }
    if (answer.error) {
      this.section(s).textContent = answer.error;
      return;
    }
    if (s === 'runs') {
      this.runs = answer.data;
      this.showRuns();
    } else if (s === 'jobs') {
      this.showJobs(answer.data);
    } else if (s === 'sweeps') {
      const table = renderTable(answer.data);
      table.querySelectorAll('tbody tr').forEach((tr, k) =>
        tr.classList.toggle('jp-jfairing-best', answer.data[k].best === 'best'));
      this.section(s).replaceChildren(table);
    } else if (s === 'lineage') {
      this.section(s).replaceChildren(renderLineage(answer.data));
    } else {
      this.section(s).replaceChildren(renderTable(answer.data));
    }
  }

  /** The jobs table; this session's jobs (live) get Logs, Cancel and Delete buttons. */
  private showJobs(rows: any[]): void {
    const table = renderTable(rows.map(({ live, ...shown }) => shown));
    const body = table.querySelector('tbody');
    if (body) {
      table.querySelector('thead tr')!.appendChild(document.createElement('td'));
      rows.forEach((row, k) => {
        const cell = (body as HTMLTableSectionElement).rows[k].insertCell();
        if (!row.live) {
          return;
        }
        for (const action of ['logs', 'cancel', 'delete']) {
          const button = document.createElement('button');
          button.className = `jp-jfairing-job-${action}`;
          button.dataset.job = row.job;
          button.textContent = action[0].toUpperCase() + action.slice(1);
          button.addEventListener('click', () => void this.jobAction(row.job, action));
          cell.appendChild(button);
        }
      });
    }
    this.section('jobs').replaceChildren(table);
  }

  /** Logs, cancel or delete of a job of this session; what the kernel answered shows below the table. */
  private async jobAction(job: string, action: string): Promise<void> {
    const client = await this.connect();
    const out = this.node.querySelector('.jp-jfairing-job-output') as HTMLElement;
    if (!client) {
      out.textContent = 'no kernel';
      return;
    }
    const answer: any = await client.request('job', { job, action });
    out.textContent = answer.error ? answer.error : String(answer.data);
    out.dataset.action = action;
    if (action !== 'logs') {
      await this.refresh();
    }
  }

  private showRuns(): void {
    const filter = (this.node.querySelector('.jp-jfairing-filter') as HTMLInputElement).value.toLowerCase();
    const matching = this.runs.filter(r => !filter || JSON.stringify(r).toLowerCase().includes(filter));
    const shown = this.allRuns ? matching : matching.slice(0, RUN_ROWS);
    const table = renderTable(
      shown.map(r => ({ id: r.id, name: r.name, status: r.status, ...r.metrics })),
      row => this.selected.has(Number(row.id)),
      (row, on) => {
        on ? this.selected.add(Number(row.id)) : this.selected.delete(Number(row.id));
        void this.showCurves();
      }
    );
    this.section('runs').replaceChildren(table);
    if (shown.length < matching.length) {
      const more = document.createElement('button');
      more.className = 'jp-jfairing-more';
      more.textContent = `Show all ${matching.length} runs`;
      more.addEventListener('click', () => {
        this.allRuns = true;
        this.showRuns();
      });
      this.section('runs').appendChild(more);
    }
  }

  private async showCurves(): Promise<void> {
    const curves = this.node.querySelector('.jp-jfairing-curves') as HTMLElement;
    const client = this.client;
    if (!client || this.selected.size === 0) {
      curves.replaceChildren();
      return;
    }
    const metric = Object.keys(this.runs.find(r => this.selected.has(r.id))?.metrics ?? {})[0];
    if (!metric) {
      curves.textContent = 'the selected runs have no metrics';
      return;
    }
    const answer: any = await client.request('history', { runs: [...this.selected], metric });
    curves.replaceChildren(answer.error ? document.createTextNode(answer.error) : renderCurves(metric, answer.data));
  }

  private async predict(): Promise<void> {
    const client = await this.connect();
    const out = this.node.querySelector('.jp-jfairing-predict-output') as HTMLElement;
    if (!client) {
      out.textContent = 'no kernel';
      return;
    }
    const endpoint = (this.node.querySelector('.jp-jfairing-predict-endpoint') as HTMLInputElement).value;
    const input = (this.node.querySelector('.jp-jfairing-predict-input') as HTMLTextAreaElement).value;
    const answer: any = await client.request('predict', { endpoint, input });
    out.textContent = answer.error ? answer.error : JSON.stringify(answer.data);
  }
}

const plugin: JupyterFrontEndPlugin<void> = {
  id: '@jfairing/jupyterlab-jfairing:panel',
  description: 'The jfairing side panel.',
  autoStart: true,
  requires: [ILabShell, INotebookTracker],
  activate: (app: JupyterFrontEnd, shell: ILabShell, tracker: INotebookTracker) => {
    const panel = new JfairingPanel(tracker);
    shell.add(panel, 'right', { rank: 900 });
    app.commands.addCommand('jfairing:refresh', {
      label: 'Refresh the jfairing panel',
      execute: async () => {
        await panel.refresh();
        return panel.lastRefreshMs;
      }
    });
  }
};

export default plugin;
