// The dashboard's scale benchmark in Debian's Chromium (run by io.jfairing.metadata.bench.DashboardBench, which
// makes the store and starts the server). Prints one JSON line of figures in milliseconds.
// Usage: node e2e/bench.mjs BASE_URL '{"experimentId":..,"longCurveRunId":..,"datasetId":..}' REPEATS
import { launch } from './browser.mjs';

const [base, scenarioJson, repeatsArg] = process.argv.slice(2);
const s = JSON.parse(scenarioJson);
const repeats = Number(repeatsArg ?? 10);
const browser = await launch();
const out = { runsFirstPaint: [], runsReady: [], curveDrawn: [], curveFetch: [], lineageOpen: [], lineageMore: [], lineageExpand: [], longestTask: 0, problems: [] };

async function fresh() {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  page.on('pageerror', e => out.problems.push(e.message));
  // the longest main-thread task: what "the page froze" would show
  await page.addInitScript(() => {
    window.__longest = 0;
    new PerformanceObserver(l => { for (const e of l.getEntries()) window.__longest = Math.max(window.__longest, e.duration); })
      .observe({ type: 'longtask', buffered: true });
  });
  return { context, page };
}

const ready = page => page.waitForSelector('body[data-ready="true"]', { timeout: 60000 });
const longest = async page => { out.longestTask = Math.max(out.longestTask, await page.evaluate(() => window.__longest)); };

for (let i = 0; i < repeats; i++) {
  // runs page: navigation start to the frame that shows 100 rows of the 100,000-run experiment
  let { context, page } = await fresh();
  await page.goto(`${base}/ui/#/?experiment=${s.experimentId}`);
  await ready(page);
  await page.waitForFunction(() => document.body.dataset.runsFirstPaintMs !== undefined);
  out.runsFirstPaint.push(Number(await page.evaluate(() => document.body.dataset.runsFirstPaintMs)));
  out.runsReady.push(Number(await page.evaluate(() => document.body.dataset.renderedAtMs)));
  await longest(page);
  await context.close();

  // the 1,000,000-point curve: navigation start to the chart drawn (server-side LTTB to 1,000 points)
  ({ context, page } = await fresh());
  const fetched = page.waitForResponse(r => r.url().includes('/metric-history'));
  await page.goto(`${base}/ui/#/runs/${s.longCurveRunId}`);
  const response = await fetched;
  await ready(page);
  out.curveDrawn.push(Number(await page.evaluate(() => document.body.dataset.renderedAtMs)));
  out.curveFetch.push(response.request().timing().responseEnd);
  await longest(page);
  await context.close();

  // lineage of 10,001 nodes: open at the dataset, show 25 more five times, expand a run
  ({ context, page } = await fresh());
  await page.goto(`${base}/ui/#/lineage?artifact=${s.datasetId}`);
  await ready(page);
  out.lineageOpen.push(Number(await page.evaluate(() => document.body.dataset.renderedAtMs)));
  for (let k = 0; k < 5; k++) {
    const n = Number(await page.$eval('#lineage-graph', e => e.dataset.nodes));
    const t0 = await page.evaluate(() => performance.now());
    await page.$eval('#lineage-graph .node.more', e => e.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    await page.waitForFunction(m => Number(document.querySelector('#lineage-graph').dataset.nodes) > m, n);
    out.lineageMore.push(await page.evaluate(t => performance.now() - t, t0));
  }
  const n = Number(await page.$eval('#lineage-graph', e => e.dataset.nodes));
  const t0 = await page.evaluate(() => performance.now());
  await page.$eval('#lineage-graph .node.execution:not(.expanded)', e => e.dispatchEvent(new MouseEvent('click', { bubbles: true })));
  await page.waitForFunction(m => Number(document.querySelector('#lineage-graph').dataset.nodes) > m, n);
  out.lineageExpand.push(await page.evaluate(t => performance.now() - t, t0));
  out.lineageNodesShown = Number(await page.$eval('#lineage-graph', e => e.dataset.nodes));
  out.lineageHidden = Number(await page.$eval('#lineage-graph', e => e.dataset.hidden));
  await longest(page);
  await context.close();
}

// exploring deep into the 10,001-node graph: "+N more" clicked until 1,000 nodes are shown, each click timed, and
// the longest main-thread task of that page alone (what the user feels as a frozen page)
{
  const { context, page } = await fresh();
  await page.goto(`${base}/ui/#/lineage?artifact=${s.datasetId}`);
  await ready(page);
  out.deepClicks = [];
  for (let n = Number(await page.$eval('#lineage-graph', e => e.dataset.nodes)); n < 1000;) {
    const t0 = await page.evaluate(() => performance.now());
    await page.$eval('#lineage-graph .node.more', e => e.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    await page.waitForFunction(m => Number(document.querySelector('#lineage-graph').dataset.nodes) > m, n, { timeout: 120000 });
    const ms = await page.evaluate(t => performance.now() - t, t0);
    n = Number(await page.$eval('#lineage-graph', e => e.dataset.nodes));
    out.deepClicks.push([n, ms]);
  }
  out.deepLongestTask = await page.evaluate(() => window.__longest);
  out.deepSvgElements = await page.$$eval('#lineage-graph *', els => els.length);
  await context.close();
}
await browser.close();
process.stdout.write(JSON.stringify(out) + '\n');
