// The jfairing panel in a team notebook image's JupyterLab (the image runs in podman): the prebuilt extension the
// image put into the base's labextensions loads, and answers from the Java kernel in the container.
'use strict';
const { scenario, PANEL } = require('./lab-page');

scenario('team-image', async lab => {
  const r = lab.result;
  r.pageLoadMs = await lab.load();
  r.extensionLoaded = await lab.page.evaluate(() => window.jupyterapp.hasPlugin('@jfairing/jupyterlab-jfairing:panel'));
  // what the server told the page: the prebuilt extensions it found on Jupyter's data path
  r.federatedExtensions = await lab.page.evaluate(() =>
    JSON.parse(document.getElementById('jupyter-config-data').textContent).federated_extensions.map(e => e.name));
  await lab.newJavaNotebook();
  const index = await lab.run('System.getProperty("java.home")');
  r.javaHome = (await lab.outputs(index)).map(o => o.text).join('');
  await lab.run('int answer = 42;');

  await lab.openPanel();
  r.panelSections = await lab.page.locator(`${PANEL} [data-section]`).evaluateAll(ss =>
    ss.map(s => s.getAttribute('data-section')));
  r.variables = await lab.panelRows('variables');
  await lab.screenshot('01-team-image-panel');
});
