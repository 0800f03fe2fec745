// Rich outputs of the Java kernel in JupyterLab: a display updated in place, an image, an HTML table,
// `%fairing train --backend local` with its live status, and `%metadata plot`.
'use strict';
const { scenario } = require('./lab-page');

/** Records every distinct text that cell `index`'s output area shows until the kernel is idle again. */
async function watchOutputs(lab, index) {
  await lab.cell(index).evaluate(cell => {
    window.__seen = [];
    const area = cell.querySelector('.jp-Cell-outputArea') || cell;
    const note = () => {
      const text = area.innerText.trim();
      if (text && window.__seen[window.__seen.length - 1] !== text) window.__seen.push(text);
    };
    window.__observer = new MutationObserver(note);
    window.__observer.observe(area, { subtree: true, childList: true, characterData: true });
  });
}

async function seen(lab) {
  return lab.page.evaluate(() => { window.__observer.disconnect(); return window.__seen; });
}

scenario('kernel-outputs', async lab => {
  const r = lab.result;
  await lab.load();
  await lab.newJavaNotebook();
  let i;

  // %fairing train on the local backend: the status line changes while the job runs
  await lab.run('%fairing config experiment=lab');
  await lab.run('// parameters\nint epochs = 3;');
  await lab.run([
    'for (int e = 1; e <= epochs; e++) {',
    'io.jfairing.runtime.runner.TrainingContext.current().reportMetric("loss", 1.0 / e);',
    'Thread.sleep(400);',
    '}'
  ].join('\n'));
  i = await lab.activeIndex();
  await watchOutputs(lab, i);
  r.jobName = `lab-train-${Date.now() % 1000000}`;
  await lab.run(`%fairing train --backend local --name ${r.jobName} -p epochs=4`);
  r.trainSeen = await seen(lab);
  r.train = await lab.outputs(i);
  await lab.screenshot('03-fairing-train');

  // a display updated in place
  i = await lab.activeIndex();
  await watchOutputs(lab, i);
  await lab.run([
    'var progress = display("starting...");',
    'for (int step = 1; step <= 5; step++) {',
    'Thread.sleep(150);',
    'updateDisplay(progress, html("<progress max=\'5\' value=\'" + step + "\'></progress> step " + step + " of 5"));',
    '}',
    'updateDisplay(progress, "done: 5 of 5 steps");'
  ].join('\n'));
  r.displaySeen = await seen(lab);
  r.displayFinal = await lab.outputs(i);
  await lab.screenshot('01-display-updated');

  // an image
  i = await lab.run([
    'var img = new java.awt.image.BufferedImage(120, 40, java.awt.image.BufferedImage.TYPE_INT_RGB);',
    'var g = img.createGraphics(); g.setColor(java.awt.Color.ORANGE); g.fillRect(0, 0, 120, 40); g.dispose();',
    'img'
  ].join('\n'));
  r.image = await lab.cell(i).locator('.jp-OutputArea-output img').evaluateAll(imgs => imgs.map(im => ({
    src: im.getAttribute('src').slice(0, 30), width: im.naturalWidth, height: im.naturalHeight })));

  // an HTML table
  i = await lab.run('table(List.of("model", "accuracy"), List.of(List.of("softmax", 0.94), List.of("tree", 0.88)))');
  r.table = await lab.cell(i).locator('.jp-OutputArea-output table').evaluateAll(ts => ts.map(t =>
    [...t.querySelectorAll('tr')].map(tr => [...tr.querySelectorAll('th,td')].map(c => c.innerText.trim()))));
  await lab.screenshot('02-image-and-table');

  // %metadata plot: a metric chart of runs
  await lab.run([
    'var notebookRun = io.jfairing.extensions.Workspace.current().notebookRun();',
    'for (int s = 1; s <= 10; s++) notebookRun.logMetric("loss", 1.0 / s, s);'
  ].join('\n'));
  i = await lab.run('%metadata plot loss --experiment lab -n 3');
  r.plot = await lab.outputs(i);
  r.plotSvg = await lab.cell(i).locator('.jp-OutputArea-output svg, .jp-OutputArea-output img').count();
  await lab.screenshot('04-metadata-plot');
});
