// ipywidgets 8 from Java, rendered by @jupyter-widgets/jupyterlab-manager: controls, a button's click handler,
// and interact(): moving a slider runs the Java callback and its output updates; %fairing build's progress widget.
'use strict';
const { scenario } = require('./lab-page');

scenario('widgets', async lab => {
  const r = lab.result;
  await lab.load();
  await lab.newJavaNotebook();

  // interact: a slider and the Java function's value below it
  let i = await lab.run([
    'var n = intSlider("n", 0, 20, 3);',
    'interact(v -> "squared: " + (v * v), n)'
  ].join('\n'));
  const cell = lab.cell(i);
  const slider = cell.locator('.widget-slider .noUi-handle, .widget-hslider .noUi-handle').first();
  await slider.waitFor({ timeout: 30000 });
  const output = cell.locator('.widget-output');
  await lab.page.waitForFunction(el => /squared: 9/.test(el.innerText), await output.elementHandle());
  r.interactBefore = await output.innerText();
  await lab.screenshot('01-interact');

  // drag the slider's handle to the right, and measure drag -> updated output
  const handle = await slider.boundingBox();
  const track = await cell.locator('.widget-slider .noUi-target, .widget-hslider .noUi-target').first().boundingBox();
  await lab.page.mouse.move(handle.x + handle.width / 2, handle.y + handle.height / 2);
  await lab.page.mouse.down();
  const before = r.interactBefore;
  const started = await lab.page.evaluate(() => performance.now());
  await lab.page.mouse.move(track.x + track.width * 0.5, handle.y + handle.height / 2, { steps: 1 });
  const ended = await lab.page.evaluate(([el, before]) => new Promise(resolve => {
    const done = () => resolve(performance.now());
    if (el.innerText !== before) return done();
    new MutationObserver((m, o) => { if (el.innerText !== before) { o.disconnect(); done(); } })
      .observe(el, { subtree: true, childList: true, characterData: true });
  }), [await output.elementHandle(), before]);
  await lab.page.mouse.up();
  r.sliderRoundTripMs = ended - started;
  await lab.page.waitForTimeout(300);
  r.sliderReadout = await cell.locator('.widget-readout').first().innerText();
  r.interactAfter = await output.innerText();

  // ten more single steps with the keyboard for a median round trip
  const trips = [];
  for (let k = 0; k < 10; k++) {
    const was = await output.innerText();
    await cell.locator('.noUi-handle').first().focus();
    const t0 = await lab.page.evaluate(() => performance.now());
    await lab.page.keyboard.press(k % 2 === 0 ? 'ArrowRight' : 'ArrowLeft');
    const t1 = await lab.page.evaluate(([el, before]) => new Promise(resolve => {
      const done = () => resolve(performance.now());
      if (el.innerText !== before) return done();
      new MutationObserver((m, o) => { if (el.innerText !== before) { o.disconnect(); done(); } })
        .observe(el, { subtree: true, childList: true, characterData: true });
    }), [await output.elementHandle(), was]);
    trips.push(t1 - t0);
  }
  r.sliderKeyTripsMs = trips;
  // the same steps timed inside the page, without Playwright's round trips to the browser: a key event on the
  // slider's handle, the comm message to the kernel, the Java callback, its output widget update, the re-rendered output
  r.sliderInPageTripsMs = await cell.locator('.noUi-handle').first().evaluate(async (handle, outputEl) => {
    const times = [];
    for (let k = 0; k < 10; k++) {
      const before = outputEl.innerText;
      const changed = new Promise(resolve => {
        new MutationObserver((m, o) => {
          if (outputEl.innerText !== before) { o.disconnect(); resolve(performance.now()); }
        }).observe(outputEl, { subtree: true, childList: true, characterData: true });
      });
      handle.focus();
      const t0 = performance.now();
      handle.dispatchEvent(new KeyboardEvent('keydown', {
        key: k % 2 === 0 ? 'ArrowRight' : 'ArrowLeft', code: k % 2 === 0 ? 'ArrowRight' : 'ArrowLeft',
        bubbles: true, cancelable: true }));
      const late = new Promise((resolve, reject) =>
        setTimeout(() => reject(new Error('the output did not change within 10 s of a key on the slider')), 10000));
      times.push(await Promise.race([changed, late]) - t0);
    }
    return times;
  }, await output.elementHandle());
  await lab.screenshot('02-slider-moved');
  i = await lab.run('n.getValue()');
  r.sliderValueInKernel = await lab.outputs(i);

  // a button with a Java click handler writing into an output widget; text, dropdown and checkbox in a box
  i = await lab.run([
    'var clicks = output();',
    'var name = textBox("name", "wine");',
    'var model = dropdown("model", List.of("softmax", "tree", "knn"), "tree");',
    'var scale = checkbox("scale", true);',
    'var go = button("Train");',
    'go.onClick(b -> clicks.println("train " + name.getValue() + " with " + model.getValue() + " scale=" + scale.getValue()));',
    'vbox(hbox(name, model, scale), go, clicks)'
  ].join('\n'));
  const box = lab.cell(i);
  await box.locator('button.jupyter-button').waitFor({ timeout: 30000 });
  await box.locator('.widget-text input').fill('iris');
  await box.locator('.widget-text input').press('Enter');
  await box.locator('.widget-dropdown select').selectOption({ label: 'knn' });
  await box.locator('.widget-checkbox input').uncheck();
  await box.locator('button.jupyter-button').click();
  const clicks = box.locator('.widget-output');
  await lab.page.waitForFunction(el => /train/.test(el.innerText), await clicks.elementHandle(), { timeout: 15000 });
  r.clickOutput = await clicks.innerText();
  await lab.screenshot('03-button-and-controls');

  // a progress bar moved by code
  i = await lab.run('var bar = progress("epochs", 5);\ndisplay(bar);\nfor (int e = 1; e <= 5; e++) { Thread.sleep(100); bar.setValue(e); }\nbar.setBarStyle("success");');
  r.progress = await lab.cell(i).locator('.progress-bar').evaluateAll(bars => bars.map(b => b.style.width || b.style.height));
  await lab.screenshot('04-progress');

  // %fairing build: its progress is a live widget (a progress bar and what the build is doing), since this page
  // renders widgets; the image goes to a tarball (the base image is made with jlink: no registry)
  i = await lab.run('%fairing build --image progress-demo --tar progress-demo.tar');
  const build = lab.cell(i);
  r.buildOutputs = await lab.outputs(i);
  r.buildProgress = await build.locator('.widget-hprogress .progress-bar').evaluateAll(bars =>
    bars.map(b => b.style.width + (b.classList.contains('progress-bar-success') ? ' success' : '')));
  r.buildLabel = await build.locator('.widget-hbox > .widget-label').allInnerTexts();
  r.buildHtmlProgress = await build.locator('progress').count();
  await build.scrollIntoViewIfNeeded();
  await lab.screenshot('05-fairing-build-progress');
});
