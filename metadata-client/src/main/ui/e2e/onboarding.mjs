// Drives every dashboard view over the store the onboarding notebooks leave behind (run by the notebooks module's
// NotebookExecutionIT after it has executed them), reports what the pages show as JSON on stdout and saves a
// screenshot of each view. It finds its way through the store's own API: the "wine" experiment, its runs, the
// dataset they read.
// Usage: node e2e/onboarding.mjs BASE_URL SCREENSHOT_DIR
import { mkdirSync } from 'node:fs';
import { launch, open } from './browser.mjs';

const [base, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const facts = {};
const problems = [];
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('pageerror', e => problems.push('page error: ' + e.message));
let expected = null;
page.on('console', m => {
  if (m.type() === 'error' && !(expected && m.text().includes(`status of ${expected}`))) problems.push('console: ' + m.text());
});
const shot = name => page.screenshot({ path: `${shots}/${name}.png` });
const texts = sel => page.$$eval(sel, els => els.map(e => e.textContent.trim()));
const api = async (path, body) => {
  const res = await fetch(base + path, body ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) } : {});
  return JSON.parse((await res.text()).replace(/\bNaN\b|-?Infinity/g, 'null'));
};

try {
  const wine = (await api('/api/v1/experiments?name=wine')).experiments[0];
  const runs = (await api('/api/v1/runs/search', { experimentIds: [wine.id], pageSize: 100 })).runs;
  const withMetrics = runs.filter(r => Object.keys(r.metrics).length > 0);

  await open(page, base, `#/?experiment=${wine.id}`);
  facts.experiments = await texts('aside.experiments li a');
  facts.runRows = await page.$$eval('.runs-table tbody tr', rows => rows.length);
  facts.columns = await texts('.runs-table thead th');
  await shot('onboarding-runs');

  const run = withMetrics[0];
  await open(page, base, `#/runs/${run.id}`);
  facts.runCharts = await page.$$eval('.chart[data-metric] canvas', els => els.length);
  facts.runMetricKeys = Object.keys(run.metrics).length;
  facts.runArtifacts = await page.$$eval('table.artifacts tbody tr', rows => rows.map(r => [...r.children].slice(0, 3).map(c => c.textContent)));
  const datasetId = await page.$$eval('table.artifacts tbody tr', rows =>
    rows.filter(r => r.children[1].textContent === 'system.Dataset').map(r => Number(r.dataset.artifactId))[0]);
  await shot('onboarding-run');

  const ids = withMetrics.slice(0, 5).map(r => r.id);
  await open(page, base, `#/compare?runs=${ids.join(',')}`);
  facts.compared = ids.length;
  facts.compareCanvases = await page.$$eval('#overlay canvas, #parallel canvas, #scatter canvas', els => els.map(e => e.closest('.chart').id));
  await shot('onboarding-compare');

  await open(page, base, `#/lineage?artifact=${datasetId}`);
  await page.$eval('#lineage-graph .node.execution', e => e.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.waitForFunction(() => document.querySelector('#node-details h2') !== null);
  await page.waitForTimeout(500);
  facts.lineageNodes = await page.$$eval('#lineage-graph .node[data-key]', els => els.map(e => e.getAttribute('class')));
  await shot('onboarding-lineage');

  expected = 404;
  await open(page, base, '#/models');
  facts.modelsShown = (await texts('main h1'))[0];
  await shot('onboarding-models');
} catch (e) {
  problems.push('script: ' + (e.stack ?? e));
  await shot('onboarding-failure').catch(() => {});
} finally {
  await browser.close();
}
facts.problems = problems;
process.stdout.write(JSON.stringify(facts) + '\n');
