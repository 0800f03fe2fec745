// Bench (not a test): /lab to the launcher, then to a new Java notebook's kernel idle; also what the page loaded
// (JavaScript bytes as transferred and as parsed). Figures for docs/benchmarks.md; run by bench/lab-bench.sh, which
// starts this scenario on a server of its own in a fresh browser: the workspace is empty as a new user's, so no
// `?reset` (which costs JupyterLab a debounced workspace save of about a second before the launcher shows).
'use strict';
const { scenario } = require('./lab-page');

scenario('page-load', async lab => {
  const r = lab.result;
  const started = Date.now();
  r.pageLoadMs = await lab.load({ reset: false });
  await lab.newJavaNotebook();
  r.pageLoadToKernelIdleMs = Date.now() - started;
  r.scripts = await lab.page.evaluate(() => performance.getEntriesByType('resource')
    .filter(e => e.initiatorType === 'script' || e.name.endsWith('.js') || e.name.includes('.js?'))
    .reduce((s, e) => ({ count: s.count + 1, transferred: s.transferred + e.transferSize, decoded: s.decoded + e.decodedBodySize }),
      { count: 0, transferred: 0, decoded: 0 }));
});
