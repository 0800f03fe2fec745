// The Java kernel in JupyterLab: launcher, run cells, outputs of each kind, completion, contextual help, stop, restart.
'use strict';
const { scenario } = require('./lab-page');

scenario('kernel', async lab => {
  const r = lab.result;
  const loadStarted = Date.now();
  r.pageLoadMs = await lab.load();
  await lab.screenshot('01-launcher');
  await lab.newJavaNotebook();
  r.pageLoadToKernelIdleMs = Date.now() - loadStarted;

  let i = await lab.run('System.out.println("hello from Java");\n1 + 1');
  r.streamAndResult = await lab.outputs(i);

  i = await lab.run('int broken = "text";');
  r.compileError = await lab.outputs(i);

  i = await lab.run('throw new IllegalStateException("boom");');
  r.exception = await lab.outputs(i);
  await lab.screenshot('02-outputs');

  // completion popup: Tab after a member prefix
  i = await lab.activeIndex();
  await lab.type('"abc".toUpp');
  await lab.page.keyboard.press('Tab');
  const completer = lab.page.locator('.jp-Completer:not(.lm-mod-hidden)');
  await completer.waitFor({ timeout: 15000 });
  r.completions = await completer.locator('.jp-Completer-item').allInnerTexts();
  await lab.screenshot('03-completion');
  await lab.page.keyboard.press('Enter');
  r.completedSource = await lab.cell(i).locator('.cm-content').innerText();

  // contextual help: the inspector panel follows the cursor
  await lab.command('inspector:open');
  await lab.type('Math.max');
  const inspector = lab.page.locator('.jp-Inspector-content');
  await lab.page.waitForFunction(() => {
    const el = document.querySelector('.jp-Inspector-content');
    return el && /max/.test(el.innerText);
  }, null, { timeout: 15000 });
  r.inspector = await inspector.innerText();
  await lab.screenshot('04-contextual-help');
  await lab.command('inspector:open'); // toggles it closed

  // stop button on an endless loop, then the kernel still answers
  i = await lab.run('int kept = 41;\nwhile (true) {}', { wait: false });
  await lab.page.waitForSelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="busy"]');
  await lab.page.waitForTimeout(500);
  await lab.page.click('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Toolbar-item[data-command="notebook:interrupt-kernel"] button, .jp-NotebookPanel:not(.lm-mod-hidden) [data-command="notebook:interrupt-kernel"]');
  await lab.waitExecuted(i, 30000);
  r.interrupted = await lab.outputs(i);
  i = await lab.run('kept + 1');
  r.afterInterrupt = await lab.outputs(i);
  await lab.screenshot('05-stopped');

  // restart: the state is gone, the kernel answers again
  await lab.startCommand('kernelmenu:restart');
  await lab.page.click('.jp-Dialog .jp-mod-accept');
  await lab.page.waitForTimeout(300);
  await lab.waitIdle(60000);
  i = await lab.run('kept');
  r.afterRestart = await lab.outputs(i);
  i = await lab.run('"restarted " + (40 + 2)');
  r.afterRestartFresh = await lab.outputs(i);
  await lab.screenshot('06-restarted');
});
