// Bench (not a test): /lab to the launcher, then to a new Java notebook's kernel idle; also what the page loaded
// (JavaScript bytes as transferred and as parsed). Figures for docs/benchmarks.md; run by bench/lab-bench.sh, which
// starts this scenario on a server of its own in a fresh browser: the workspace is empty as a new user's, so no
// `?reset`. Marks in the page: JupyterLab's `restored` and the launcher's appearance, for where the time goes.
'use strict';
const { scenario } = require('./lab-page');

scenario('page-load', async lab => {
  const r = lab.result;
  await lab.page.addInitScript(() => {
    const marks = (window.jfairingMarks = {});
    const poll = setInterval(() => {
      const app = window.jupyterapp;
      if (app && !marks.hooked) {
        marks.hooked = true;
        app.restored.then(() => (marks.restoredMs = performance.now()));
      }
      if (document.querySelector('.jp-Launcher')) {
        marks.launcherMs = performance.now();
        clearInterval(poll);
      }
    }, 5);
  });
  const started = Date.now();
  r.pageLoadMs = await lab.load({ reset: false });
  const marks = await lab.page.evaluate(() => window.jfairingMarks);
  r.appRestoredMs = Math.round(marks.restoredMs);
  r.launcherShownMs = Math.round(marks.launcherMs);
  const clicked = Date.now();
  await lab.newJavaNotebook();
  r.launcherClickToKernelIdleMs = Date.now() - clicked;
  r.pageLoadToKernelIdleMs = Date.now() - started;
  r.scripts = await lab.page.evaluate(() => performance.getEntriesByType('resource')
    .filter(e => e.initiatorType === 'script' || e.name.endsWith('.js') || e.name.includes('.js?'))
    .reduce((s, e) => ({ count: s.count + 1, transferred: s.transferred + e.transferSize, decoded: s.decoded + e.decodedBodySize }),
      { count: 0, transferred: 0, decoded: 0 }));
});
