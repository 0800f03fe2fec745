// The jfairing panel's Sweeps, Endpoints and Jobs sections, answered by kernel-extensions from what the notebook
// started: a grid sweep of the notebook's code on the local backend (its trials, the best one marked), a model it
// serves locally, asked for predictions from the panel's predict box, and a job with its replicas' status, its logs,
// cancel and delete buttons.
'use strict';
const { scenario, PANEL } = require('./lab-page');

const rows = (lab, section) =>
  lab.page.locator(`${PANEL} [data-section="${section}"] .jp-jfairing-body tbody tr`).evaluateAll(trs =>
    trs.map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim())));

scenario('panel-work', async lab => {
  const r = lab.result;
  await lab.load();
  await lab.newJavaNotebook('panel-work'); // a project of its own, with a store of its own: its runs stay out of
  // the other scenarios'
  await lab.run('%fairing config experiment=panelwork');
  await lab.run('%fairing config metadata=panel-work.db'); // a store of its own (the default is ~/.jfairing's)
  await lab.run('// parameters\ndouble x = 0.5;');
  await lab.run('System.out.println("loss=" + (x - 0.2) * (x - 0.2));');
  // the sweep live: the panel (open before the cell runs) shows each trial as it ends, while the cell still runs
  await lab.openPanel();
  const tune = await lab.run('%fairing tune --backend local --name square-sweep --minimize loss --double x=0.1:0.9:0.4 '
    + '--algorithm grid --trials 3 --parallel 1 --no-logs', { wait: false });
  const prompt = await lab.cell(tune).locator('.jp-InputPrompt').elementHandle();
  await lab.page.waitForFunction(([p, panel]) =>
    [...document.querySelectorAll(`${panel} [data-section="sweeps"] tbody td`)].some(td => td.innerText.trim() === 'SUCCEEDED'),
  [prompt, PANEL], { timeout: 120000 });
  r.sweepLive = await lab.page.evaluate(([p, panel]) => ({
    prompt: p.textContent.trim(),
    rows: [...document.querySelectorAll(`${panel} [data-section="sweeps"] tbody tr`)]
      .map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText.trim()))
  }), [prompt, PANEL]);
  await lab.page.locator(`${PANEL} [data-section="sweeps"]`).scrollIntoViewIfNeeded();
  await lab.screenshot('00-panel-sweep-live');
  await lab.waitExecuted(tune);

  // a model served locally: each instance's numbers added to the offset its model file holds
  await lab.run('java.nio.file.Files.writeString(java.nio.file.Path.of("offset.txt"), "10");');
  await lab.run([
    '%%fairing serve --backend local --name adder --model-uri offset.txt',
    'public class Adder implements io.jfairing.runtime.runner.Predictor<java.util.List<Number>, Double> {',
    'double offset;',
    'public void load(java.nio.file.Path model) throws Exception { offset = Double.parseDouble(java.nio.file.Files.readString(model).strip()); }',
    'public Double predict(java.util.List<Number> in) { return offset + in.stream().mapToDouble(Number::doubleValue).sum(); }',
    '}'
  ].join('\n'));

  await lab.openPanel();
  r.sweepHeader = await lab.page.locator(`${PANEL} [data-section="sweeps"] thead td`).allInnerTexts();
  r.sweeps = await rows(lab, 'sweeps');
  await lab.page.locator(`${PANEL} [data-section="sweeps"]`).scrollIntoViewIfNeeded();
  await lab.screenshot('01-panel-sweeps');

  r.endpoints = await rows(lab, 'endpoints');
  await lab.page.fill(`${PANEL} .jp-jfairing-predict-endpoint`, 'adder');
  await lab.page.fill(`${PANEL} .jp-jfairing-predict-input`, '[[1, 2], [3, 4.5]]');
  await lab.page.click(`${PANEL} .jp-jfairing-predict-send`);
  const output = lab.page.locator(`${PANEL} .jp-jfairing-predict-output`);
  await lab.page.waitForFunction(el => el.textContent.length > 0, await output.elementHandle());
  r.prediction = await output.textContent();
  await lab.page.locator(`${PANEL} [data-section="endpoints"]`).scrollIntoViewIfNeeded();
  await lab.screenshot('02-panel-endpoints-predict');

  await lab.page.fill(`${PANEL} .jp-jfairing-predict-endpoint`, 'nosuch');
  await lab.page.click(`${PANEL} .jp-jfairing-predict-send`);
  await lab.page.waitForFunction(el => el.textContent.includes('nosuch'), await output.elementHandle());
  r.unknownEndpoint = await output.textContent();

  // a job of the notebook's code that runs a while: its replicas' status, its logs, cancel, then delete
  // (in the notebook x is 0.5: the cell does nothing; the job gets x = 5)
  await lab.run('if (x > 1) { System.out.println("working"); Thread.sleep(120_000); }');
  await lab.run('%fairing train --backend local --name slow-job --no-wait -p x=5');
  const jobRow = `${PANEL} [data-section="jobs"] tbody tr`;
  const jobOutput = lab.page.locator(`${PANEL} .jp-jfairing-job-output`);
  for (let k = 0; k < 120; k++) { // until the job's code has printed (starting a JVM and compiling the cells)
    await lab.command('jfairing:refresh');
    await lab.page.click(`${PANEL} .jp-jfairing-job-logs[data-job="slow-job"]`);
    await lab.page.waitForFunction(el => el.dataset.action === 'logs' && el.textContent.length > 0,
      await jobOutput.elementHandle());
    if ((await jobOutput.textContent()).includes('working')) {
      break;
    }
    await lab.page.waitForTimeout(1000);
  }
  r.jobLogs = await jobOutput.textContent();
  await lab.command('jfairing:refresh');
  r.jobsRunning = await rows(lab, 'jobs');
  await lab.page.locator(`${PANEL} [data-section="jobs"]`).scrollIntoViewIfNeeded();
  await lab.screenshot('03-panel-job-logs');

  await lab.page.click(`${PANEL} .jp-jfairing-job-cancel[data-job="slow-job"]`);
  await lab.page.waitForFunction(el => el.dataset.action === 'cancel', await jobOutput.elementHandle());
  r.cancelAnswer = await jobOutput.textContent();
  await lab.command('jfairing:refresh');
  r.jobsCancelled = await rows(lab, 'jobs');
  await lab.screenshot('04-panel-job-cancelled');

  await lab.page.click(`${PANEL} .jp-jfairing-job-delete[data-job="slow-job"]`);
  await lab.page.waitForFunction(el => el.dataset.action === 'delete', await jobOutput.elementHandle());
  r.deleteAnswer = await jobOutput.textContent();
  await lab.command('jfairing:refresh');
  r.deleteButtonsLeft = await lab.page.locator(`${PANEL} .jp-jfairing-job-delete[data-job="slow-job"]`).count();

  await lab.run('%fairing delete adder');
  await lab.run('%fairing delete square-sweep');
});
