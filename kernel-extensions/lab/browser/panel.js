// The jfairing panel (a prebuilt JupyterLab extension) on a Java notebook's embedded metadata store, through a comm
// to the notebook's kernel: runs (filter, overlaid curves), jobs, variables; and its refresh time for 1,000 runs.
'use strict';
const { scenario, PANEL } = require('./lab-page');

scenario('panel', async lab => {
  const r = lab.result;
  await lab.load();
  await lab.newJavaNotebook();
  r.extensionLoaded = await lab.page.evaluate(() => window.jupyterapp.hasPlugin('@jfairing/jupyterlab-jfairing:panel'));

  await lab.run('%fairing config experiment=panel');
  // 1,000 runs in the embedded store: 998 small ones and two with a loss curve
  await lab.run([
    'var store = io.jfairing.extensions.Workspace.current().metadata();',
    'for (int k = 1; k <= 998; k++) { try (var run = store.startRun("panel", "bulk-" + k)) { run.logParam("k", k).logMetric("accuracy", k / 1000.0); } }',
    'for (String name : List.of("curve-fast", "curve-slow")) {',
    '  try (var run = store.startRun("panel", name)) {',
    '    for (int s = 1; s <= 20; s++) run.logMetric("loss", (name.endsWith("fast") ? 2.0 : 1.0) / s, s);',
    '    run.logInput(io.jfairing.metadata.Dataset.builder().name("wine-data").uri("file:data/wine.csv").build());',
    '    run.logOutput(io.jfairing.metadata.Model.builder().name("model-" + name).uri("file:models/" + name + ".txt").build());',
    '  }',
    '}',
    'int epochs = 7;',
    'String model = "softmax";'
  ].join('\n'));

  await lab.showPanel();
  const times = [];
  r.refreshTimings = [];
  for (let k = 0; k < 5; k++) {
    times.push(await lab.command('jfairing:refresh'));
    r.refreshTimings.push(JSON.parse(await lab.page.locator(PANEL).getAttribute('data-timings')));
  }
  r.refreshMs = times;
  const runs = lab.page.locator(`${PANEL} [data-section="runs"] tbody tr`);
  r.status = await lab.page.locator(`${PANEL} .jp-jfairing-status`).innerText();
  r.runRows = await runs.count(); // the newest runs, until "Show all"
  const more = lab.page.locator(`${PANEL} .jp-jfairing-more`);
  r.moreButton = await more.innerText();
  await more.click();
  r.allRunRows = await runs.count();
  r.variables = await lab.panelRows('variables');
  r.lineageNodes = await lab.page.locator(`${PANEL} .jp-jfairing-node`).evaluateAll(ns =>
    ns.map(n => n.getAttribute('data-kind') + ':' + n.textContent));
  r.lineageEdges = await lab.page.locator(`${PANEL} .jp-jfairing-edge`).count();
  r.jobs = await lab.page.locator(`${PANEL} [data-section="jobs"] .jp-jfairing-body`).innerText();
  await lab.screenshot('01-panel-runs');

  // filter, then select the two curve runs: their loss curves overlaid
  await lab.page.fill(`${PANEL} .jp-jfairing-filter`, 'curve-');
  r.filteredRows = await runs.evaluateAll(rows => rows.map(tr => tr.innerText.replace(/\s+/g, ' ').trim()));
  const boxes = lab.page.locator(`${PANEL} [data-section="runs"] tbody input[type=checkbox]`);
  for (let k = 0; k < await boxes.count(); k++) {
    await boxes.nth(k).check();
  }
  await lab.page.waitForSelector(`${PANEL} .jp-jfairing-curves polyline`);
  await lab.page.waitForFunction(() => document.querySelectorAll('#jfairing-panel .jp-jfairing-curves polyline').length === 2);
  r.curves = await lab.page.locator(`${PANEL} .jp-jfairing-curves polyline`).evaluateAll(ls => ls.map(l => ({
    run: l.getAttribute('data-run'), points: l.getAttribute('points').trim().split(/\s+/).length })));
  r.curveTitle = await lab.page.locator(`${PANEL} .jp-jfairing-curves text`).first().textContent();
  await lab.screenshot('02-panel-curves');
});
