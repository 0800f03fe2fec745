// Drives a real JupyterLab in Debian's Chromium with playwright-core (no browser download).
// Environment: LAB_URL (http://127.0.0.1:PORT), LAB_TOKEN, SCREENSHOTS (folder), RESULT_FILE (JSON written at the end).
'use strict';
const { chromium } = require('playwright-core');
const fs = require('fs');
const path = require('path');

/** The jfairing panel in the right side bar. */
const PANEL = '#jfairing-panel';
const KERNEL_IDLE = '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator[data-status="idle"]';

class Lab {
  static async open() {
    const browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage']
    });
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const lab = new Lab(browser, page);
    page.on('console', m => { if (m.type() === 'error') lab.consoleErrors.push(m.text()); });
    page.on('pageerror', e => lab.consoleErrors.push(String(e)));
    page.on('response', r => { if (r.status() >= 400) lab.consoleErrors.push(`${r.status()} ${r.request().method()} ${r.url()}`); });
    return lab;
  }

  constructor(browser, page) {
    this.browser = browser;
    this.page = page;
    this.consoleErrors = [];
    this.result = { screenshots: [] };
  }

  /**
   * Opens JupyterLab and waits for its launcher; `reset` (the tests, which share one server) empties the workspace
   * first. Either way JupyterLab 4.6 shows the launcher about a second after the app is restored: its file browser
   * waits for the router, whose load-state command awaits a workspace save debounced by 500 ms per state change.
   */
  async load({ reset = true } = {}) {
    const started = Date.now();
    await this.page.goto(`${process.env.LAB_URL}/lab?${reset ? 'reset&' : ''}token=${process.env.LAB_TOKEN}`);
    await this.page.waitForSelector('.jp-Launcher', { timeout: 60000 });
    return Date.now() - started;
  }

  /** Clicks the Java card in the launcher's Notebook section and waits for the kernel to be idle. */
  /**
   * A new Java notebook: from the launcher, or in a new folder `folder` (the kernel runs there, so its jfairing
   * project and metadata store are that folder's, apart from the other scenarios').
   */
  async newJavaNotebook(folder) {
    if (folder) {
      await this.page.evaluate(async name => {
        await window.jupyterapp.serviceManager.contents.save(name, { type: 'directory' });
        await window.jupyterapp.commands.execute('notebook:create-new', { cwd: name, kernelName: 'java' });
      }, folder);
    } else {
      await this.page.click('.jp-LauncherCard[data-category="Notebook"][title*="Java"]');
    }
    await this.waitIdle(60000);
  }

  /** Waits until the current notebook's kernel is connected and idle (as the session, not only the toolbar, says). */
  async waitIdle(timeout = 30000) {
    await this.page.waitForSelector(KERNEL_IDLE, { timeout });
    await this.page.waitForFunction(() => {
      const widget = window.jupyterapp.shell.currentWidget;
      const kernel = widget && widget.sessionContext && widget.sessionContext.session
        && widget.sessionContext.session.kernel;
      return kernel && kernel.status === 'idle' && kernel.connectionStatus === 'connected';
    }, null, { timeout });
  }

  notebook() {
    return this.page.locator('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook');
  }

  cell(index) {
    return this.notebook().locator('.jp-Cell').nth(index);
  }

  /** Types code into the active cell (replacing what is there). */
  async type(code) {
    const editor = this.notebook().locator('.jp-Cell.jp-mod-active .cm-content');
    await editor.click();
    await this.page.keyboard.press('Control+A');
    await this.page.keyboard.press('Delete');
    await editor.pressSequentially(code, { delay: 0 });
  }

  /** Types code into the active cell, runs it with Shift+Enter and waits for the kernel to go idle. */
  async run(code, { wait = true } = {}) {
    const index = await this.activeIndex();
    await this.type(code);
    await this.page.keyboard.press('Shift+Enter');
    if (wait) {
      await this.waitExecuted(index);
    }
    return index;
  }

  async activeIndex() {
    return this.notebook().locator('.jp-Cell').evaluateAll(cells =>
      cells.findIndex(c => c.classList.contains('jp-mod-active')));
  }

  /** Waits until cell `index` shows an execution count (not `[*]`) and the kernel is idle. */
  async waitExecuted(index, timeout = 120000) {
    const prompt = this.cell(index).locator('.jp-InputPrompt');
    await this.page.waitForFunction(
      el => /\[\d+\]/.test(el.textContent), await prompt.elementHandle(), { timeout });
    await this.waitIdle(timeout);
  }

  /** The outputs of cell `index`: [{mime, text, html}]. */
  async outputs(index) {
    return this.cell(index).locator('.jp-OutputArea-output').evaluateAll(nodes => nodes.map(n => ({
      mime: n.getAttribute('data-mime-type'),
      text: n.innerText,
      html: n.innerHTML
    })));
  }

  async screenshot(name) {
    const dir = process.env.SCREENSHOTS;
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `${name}.png`);
    await this.page.screenshot({ path: file });
    this.result.screenshots.push(file);
    return file;
  }

  /** Runs a JupyterLab command and waits for it to finish. */
  /** Shows the jfairing panel and waits until it is in the page. */
  async showPanel() {
    await this.page.evaluate(() => window.jupyterapp.shell.activateById('jfairing-panel'));
    await this.page.waitForSelector(PANEL);
  }

  /** Shows the jfairing panel and refreshes it: every section answered by the current notebook's kernel. */
  async openPanel() {
    await this.showPanel();
    await this.command('jfairing:refresh');
  }

  /** The rows of a panel section's table, each the texts of its cells as the page shows them. */
  async panelRows(section) {
    return this.page.locator(`${PANEL} [data-section="${section}"] tbody tr`).evaluateAll(rows =>
      rows.map(tr => [...tr.querySelectorAll('td')].map(td => td.innerText)));
  }

  async command(id, args = {}) {
    return this.page.evaluate(([id, args]) => window.jupyterapp.commands.execute(id, args), [id, args]);
  }

  /** Starts a JupyterLab command without waiting (for commands that open a dialog). */
  async startCommand(id, args = {}) {
    await this.page.evaluate(([id, args]) => { window.jupyterapp.commands.execute(id, args); }, [id, args]);
  }

  async close() {
    this.result.consoleErrors = this.consoleErrors;
    if (process.env.RESULT_FILE) {
      fs.writeFileSync(process.env.RESULT_FILE, JSON.stringify(this.result, null, 2));
    }
    await this.browser.close();
  }
}

/** Runs a scenario: `fn(lab)` fills lab.result; a failure is recorded with a screenshot, and the process exits 1. */
async function scenario(name, fn) {
  const lab = await Lab.open();
  let failed = false;
  try {
    await fn(lab);
  } catch (e) {
    failed = true;
    lab.result.error = String(e && e.stack || e);
    console.error(e);
    await lab.screenshot(`${name}-failure`).catch(() => {});
  } finally {
    await lab.close();
  }
  process.exit(failed ? 1 : 0);
}

module.exports = { Lab, scenario, PANEL };
