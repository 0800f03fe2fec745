// Drives every dashboard view against a running metadata server and reports what the pages show, as JSON on
// stdout (the JUnit test DashboardIT asserts on it), saving a screenshot of each view.
// Usage: node e2e/views.mjs BASE_URL SCREENSHOT_DIR SCENARIO_JSON
//   SCENARIO_JSON: {"seeded": {runIds, datasetId, modelName...}, "large": {experimentId, datasetId, longCurveRunId},
//                   "emptyBase": URL of a server whose store has no registered models}
import { mkdirSync } from 'node:fs';
import { launch, open, act } from './browser.mjs';

const [base, shots, scenarioJson] = process.argv.slice(2);
const scenario = JSON.parse(scenarioJson);
mkdirSync(shots, { recursive: true });
const facts = {};
const problems = [];

const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
page.on('pageerror', e => problems.push('page error: ' + e.message));
// an error status the current step provokes on purpose (a bad filter, the registry on a server without one)
let expected = null;
page.on('console', m => {
  if (m.type() === 'error' && !(expected && m.text().includes(`status of ${expected}`))) problems.push('console: ' + m.text());
});
const responses = [];
page.on('response', r => responses.push({ url: r.url(), status: r.status(), headers: r.headers() }));
const shot = name => page.screenshot({ path: `${shots}/${name}.png`, fullPage: false });
const texts = sel => page.$$eval(sel, els => els.map(e => e.textContent.trim()));

try {
  const s = scenario.seeded;
  // runs table
  await open(page, base, '#/');
  facts.title = await page.title();
  facts.experiments = await texts('aside.experiments li a');
  await act(page, () => page.click(`aside.experiments a[data-experiment="${s.experiment}"]`));
  facts.runNames = await texts('.runs-table tbody tr td:nth-child(2)');
  facts.columns = await texts('.runs-table thead th');
  facts.csp = responses.find(r => r.url.endsWith('/ui/'))?.headers['content-security-policy'] ?? null;
  await shot('runs');
  await act(page, () => page.click('.runs-table th[data-sort="metrics.accuracy"]'));
  facts.sortedAccuracy = await page.$$eval('.runs-table tbody tr', (rows, i) => rows.map(r => r.children[i].textContent),
    await page.$$eval('.runs-table thead th', ths => ths.findIndex(t => t.dataset.sort === 'metrics.accuracy')));
  await page.fill('#filter', s.filter);
  await act(page, () => page.press('#filter', 'Enter'));
  facts.filteredRunNames = await texts('.runs-table tbody tr td:nth-child(2)');
  await shot('runs-filtered');
  await page.fill('#filter', 'metrics.accuracy >>> 1');
  expected = 400;
  await act(page, () => page.press('#filter', 'Enter'));
  expected = null;
  facts.badFilterError = (await texts('.error')).join(' ');
  await shot('runs-bad-filter');

  // run page
  await open(page, base, `#/runs/${s.runIds[0]}`);
  facts.runHeading = (await texts('h1'))[0];
  facts.runParams = await page.$$eval('#params tr', rows => rows.map(r => [r.children[0].textContent, r.children[1].textContent]));
  facts.runTags = await page.$$eval('#tags tr', rows => rows.map(r => [r.children[0].textContent, r.children[1].textContent]));
  facts.runCharts = await page.$$eval('.chart[data-metric]', els => els.map(e => [e.dataset.metric, !!e.querySelector('canvas')]));
  facts.runArtifacts = await page.$$eval('table.artifacts tbody tr', rows => rows.map(r => [...r.children].slice(0, 4).map(c => c.textContent)));
  const record = await page.$('table.artifacts a.download-record');
  if (record) {
    const [download] = await Promise.all([page.waitForEvent('download'), record.click()]);
    const path = await download.path();
    facts.downloadedRecord = JSON.parse((await import('node:fs')).readFileSync(path, 'utf8'));
  }
  await shot('run');
  await act(page, () => page.click('#x-time'));
  facts.timeAxisCharts = await page.$$eval('.chart[data-metric] canvas', els => els.length);
  await shot('run-time-axis');

  // compare
  await open(page, base, `#/compare?runs=${s.runIds.join(',')}`);
  facts.compareCanvases = await page.$$eval('#overlay canvas, #parallel canvas, #scatter canvas', els => els.map(e => e.closest('.chart').id));
  facts.compareMetricOptions = await texts('#curve-metric option');
  await shot('compare');
  await act(page, () => page.selectOption('#scatter-param', s.scatterParam));
  facts.scatterParam = await page.$eval('#scatter-param', e => e.value);

  // lineage explorer
  await open(page, base, `#/lineage?artifact=${s.datasetId}`);
  facts.lineageStart = await page.$$eval('#lineage-graph .node[data-key]', els => els.map(e => e.textContent));
  await page.click(`#lineage-graph .node[data-key="e${s.runIds[0]}"]`);
  await page.waitForFunction(() => document.querySelectorAll('#lineage-graph .node[data-key]').length > 0
    && document.querySelector('#node-details h2') !== null);
  await page.waitForTimeout(300);
  facts.lineageAfterExpand = await page.$$eval('#lineage-graph .node[data-key]', els => els.map(e => e.getAttribute('data-key') + ' ' + e.textContent));
  facts.lineageDetails = (await texts('#node-details h2'))[0];
  await shot('lineage');
  await open(page, base, '#/lineage');
  facts.lineagePicker = await texts('#datasets li, #models li');
  await page.fill('#artifact-name', 'wine-softmax');
  await page.press('#artifact-name', 'Enter');
  await page.waitForSelector('#named li');
  facts.lineageFound = await texts('#named li');

  // model registry: the registered model and its aliases, then its versions
  await open(page, base, '#/models');
  facts.models = await page.$$eval('#models tbody tr', rows => rows.map(r => ({
    name: r.dataset.model, latest: r.children[1].textContent, aliases: r.querySelector('.aliases').textContent })));
  await act(page, () => page.click(`#models tr[data-model="${s.modelName}"] a`));
  facts.modelVersions = await page.$$eval('#versions tbody tr', rows => rows.map(r => ({
    version: r.dataset.version, aliases: r.querySelector('.aliases').textContent,
    run: r.querySelector('.run a')?.getAttribute('href') ?? null, uri: r.querySelector('.uri').textContent,
    deployments: r.querySelector('.deployments').textContent })));
  await shot('models');
  await act(page, () => page.click(`#versions tr[data-version="1"] .run a`));
  facts.versionRunHeading = (await texts('h1'))[0];
  // a store without registered models, and an older server without the registry (404): the empty state
  await open(page, scenario.emptyBase, '#/models');
  facts.modelsEmptyText = (await texts('main')).join(' ');
  await page.route('**/api/v1/models', route => route.fulfill({ status: 404, contentType: 'application/json',
    body: '{"error":{"code":"NOT_FOUND","message":"no endpoint GET /api/v1/models (see /openapi.yaml)"}}' }));
  expected = 404;
  await open(page, base, '#/models');
  expected = null;
  facts.modelsOldServerText = (await texts('main')).join(' ');
  await page.unroute('**/api/v1/models');
  await shot('models-old-server');

  // the generated large store
  const l = scenario.large;
  await open(page, base, `#/?experiment=${l.experimentId}`);
  facts.largeRows = await page.$$eval('.runs-table tbody tr', rows => rows.length);
  facts.largeStatus = (await texts('#page-status'))[0];
  await page.waitForFunction(() => document.body.dataset.runsFirstPaintMs !== undefined);
  facts.largeFirstPaintMs = Number(await page.evaluate(() => document.body.dataset.runsFirstPaintMs));
  await shot('runs-large');
  await page.click('#next-page');
  await page.waitForFunction(() => /^Runs 101-/.test(document.querySelector('#page-status')?.textContent ?? ''));
  facts.largeSecondPage = (await texts('#page-status'))[0];

  const before = responses.length;
  const t0 = Date.now();
  await open(page, base, `#/runs/${l.longCurveRunId}`);
  facts.longCurveMs = Date.now() - t0;
  const history = responses.slice(before).find(r => r.url.includes('/metric-history'));
  facts.longCurveRequest = history?.url ?? null;
  facts.longCurvePoints = await page.evaluate(async url => {
    const text = await (await fetch(url)).text();
    const points = JSON.parse(text.replace(/NaN|-?Infinity/g, 'null')).points;
    return { count: points.length, max: Math.max(...points.map(p => p.value)), lastStep: points[points.length - 1].step };
  }, history.url);
  await shot('run-long-curve');

  await open(page, base, `#/lineage?artifact=${l.datasetId}`);
  facts.bigLineageStatus = (await texts('#lineage-status'))[0];
  // the "+N more" node sits above the start node, out of the first view: click it as a script would
  await page.$eval('#lineage-graph .node.more', e => e.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.waitForFunction(() => Number(document.querySelector('#lineage-graph').dataset.nodes) > 26);
  facts.bigLineageNodesAfterMore = Number(await page.$eval('#lineage-graph', e => e.dataset.nodes));
  facts.bigLineageHiddenAfterMore = Number(await page.$eval('#lineage-graph', e => e.dataset.hidden));
  // a node far from the start is off screen: click it as a script would (panning is tested by hand)
  await page.$eval('#lineage-graph .node.execution', e => e.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.waitForFunction(() => document.querySelector('#lineage-graph .node.t-system-model') !== null);
  facts.bigLineageModels = await page.$$eval('#lineage-graph .node.t-system-model', els => els.length);
  await shot('lineage-large');
  // deeper: "+N more" until over 300 nodes are shown (past the size where the explorer stops using dagre)
  for (let n = facts.bigLineageNodesAfterMore + 1; n <= 300;) {
    await page.$eval('#lineage-graph .node.more', e => e.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    await page.waitForFunction(m => Number(document.querySelector('#lineage-graph').dataset.nodes) > m, n);
    n = Number(await page.$eval('#lineage-graph', e => e.dataset.nodes));
  }
  facts.deepLineage = await page.$eval('#lineage-graph', svg => {
    const nodes = [...svg.querySelectorAll('.node[data-key]')];
    const boxes = nodes.map(n => n.getBoundingClientRect());
    let overlaps = 0;
    const sorted = boxes.map((b, i) => [b, i]).sort((x, y) => x[0].left - y[0].left || x[0].top - y[0].top);
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length && sorted[j][0].left < sorted[i][0].right; j++) {
        const a = sorted[i][0], b = sorted[j][0];
        if (a.top < b.bottom && b.top < a.bottom) overlaps++;
      }
    }
    return {
      nodes: Number(svg.dataset.nodes), drawn: nodes.length, hidden: Number(svg.dataset.hidden),
      edges: svg.querySelectorAll('path.edge').length, overlaps,
      status: document.querySelector('#lineage-status').textContent,
    };
  });
  await shot('lineage-deep');
} catch (e) {
  problems.push('script: ' + (e.stack ?? e));
  await shot('failure').catch(() => {});
} finally {
  await browser.close();
}
facts.problems = problems;
process.stdout.write(JSON.stringify(facts) + '\n');
