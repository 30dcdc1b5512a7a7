// (b) The UI test, as a person sees it: open a kernel-style fixture, run a
// Lockflow command from the palette, wait for the diagram's SVG in the
// webview, read its node labels, click a node, check that the editor's cursor
// moved to that function, and keep a screenshot in test-artifacts/.
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { checkForgedReveal } from './forgedReveal.mjs';
import { describeHostWait, webviewHostMarks } from './webviewTiming.mjs';
import { copyWorkspace, installVsix, launchBrowser, makeProfile, repo, startServer } from './harness.mjs';

const FIXTURE = 'pool.c';
const COMMAND = 'Lockflow: Show Lock Flow';
/** The cursor goes into pool_reset(); its lock flow must show these steps, and clicking one must reveal its line. */
const CURSOR_AT = '\tdevice_lock(dev);';
const EXPECT_LABELS = ['pool_reset()', 'mutex_lock(&pool->lock)', 'device_lock(dev)', 'pool_trim_locked() releases pool->lock', 'return freed'];
const CLICK = 'device_unlock(dev)';
/** Two nodes clicked to learn what genuine reveals look like, before forged ones are sent. */
const FORGE_AFTER = ['mutex_lock(&pool->lock)', 'device_lock(dev)'];
const MAIL = 'pool-count-review.eml';
const REMARK = 'This returns with pool->lock still held';
/** The sample (samples/store-type/, copied as store-type/): its patch reviewed on its base, then the store it adds simulated. */
const SAMPLE_PATCH = '0001-iommu-allow-changing-the-default-domain.patch';
const SAMPLE_BASE = 'store-type/base';
const SIM_FUNCTION = 'iommu_group_store_type';
const SIM_SCENARIO = 'store identity vs unplug';

async function openFile(page, name, text) {
  await page.keyboard.press('Control+P');
  await page.keyboard.type(name);
  // The focused row: while the list still filters, another file (grab.c for "group_mode.c") can be on top.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: name }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator('.editor-instance .view-lines', { hasText: text }).first().waitFor();
}

/** Types the command's title into the palette and waits for it to be listed; Enter runs it. */
async function findCommand(page, title) {
  await page.keyboard.press('F1');
  await page.keyboard.type(title);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
}

async function runCommand(page, title) {
  await findCommand(page, title);
  await page.keyboard.press('Enter');
}

/** Waits until one of the webviews (the visible one) shows `selector` with `text`; returns that webview's page. */
async function waitInSomeWebview(page, selector, text, timeoutMs = 30_000) {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    for (const outer of await page.locator('iframe.webview.ready').all()) {
      const inner = outer.contentFrame().locator('iframe#active-frame').contentFrame();
      if (await inner.locator(selector, { hasText: text }).count().catch(() => 0)) return inner;
    }
    await page.waitForTimeout(200);
  }
  throw new Error(`no webview shows ${selector} "${text}"`);
}

/** The smallest height, in screen pixels, of the diagram's label lines as drawn now. */
async function smallestTextHeight(wv) {
  return wv.locator('#diagram svg').evaluate((svg) => Math.min(...[...svg.querySelectorAll('g.node text, g.edgeLabel text')].map((t) => t.getBoundingClientRect().height).filter((h) => h > 0)));
}

/** Waits for the quick pick titled `title`, filters it to `label` and picks that. */
async function pickQuickItem(page, title, label) {
  await page.locator('.quick-input-widget .quick-input-title', { hasText: title }).waitFor();
  await page.keyboard.type(label);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * The simulation panel on the sample, at the panel's default size: the patch reviewed on its base, the
 * store it adds simulated against unplug. As it opens: the stepper in view, every lifeline in the panel's
 * width, two of them threads, all text 12 px or more on screen. Stepping marks the step's message in the
 * drawing (and keeps it in view) and moves the editor to its line.
 */
async function checkSimulationOfSample(page, selection, artifacts) {
  // As a person starts a review: no editor open beside (else the panel opens in a third column).
  await runCommand(page, 'View: Close All Editor Groups');
  await page.locator('.tab').first().waitFor({ state: 'detached' });
  await openFile(page, SAMPLE_PATCH, 'iommu: Allow changing');
  // The panel at its default size: the bottom panel (the comments of the mail reviewed before) closed.
  if (await page.locator('.part.panel.bottom').isVisible()) await page.keyboard.press('Control+J');
  await page.locator('.part.panel.bottom').waitFor({ state: 'hidden' });
  await runCommand(page, 'Lockflow: Review Patch or Mail…');
  await pickQuickItem(page, 'Where is the base?', SAMPLE_BASE);
  await page.locator('.tab.active', { hasText: 'iommu.c (base ↔ patched by Lockflow)' }).waitFor({ timeout: 30_000 });
  // The review brings its view forward: the patched text takes the focus back, so Simulate… runs on it.
  await page.locator('.monaco-diff-editor .editor.modified .view-lines').first().click();
  await page.locator('.tab.active', { hasText: 'iommu.c (base ↔ patched by Lockflow)' }).waitFor();
  await runCommand(page, 'Lockflow: Simulate…');
  await pickQuickItem(page, 'Simulate: the function', SIM_FUNCTION);
  await pickQuickItem(page, 'Simulate: the scenario', SIM_SCENARIO);
  const sim = await waitInSomeWebview(page, '#title', `Simulation of ${SIM_FUNCTION}()`, 90_000);
  await sim.locator('#matrix tbody tr').first().waitFor({ timeout: 60_000 });
  await sim.locator('#diagram svg text.actor').first().waitFor();
  const look = await sim.locator('body').evaluate(() => {
    const next = document.querySelector('#step-next').getBoundingClientRect();
    const port = document.querySelector('#viewport').getBoundingClientRect();
    const svg = document.querySelector('#diagram svg');
    const tops = [...svg.querySelectorAll('rect.actor-top')].map((r) => ({ name: r.getAttribute('name'), box: r.getBoundingClientRect() }));
    const names = Object.fromEntries([...svg.querySelectorAll('rect.actor-top')].map((r) => [r.getAttribute('name'), r.parentElement.querySelector('text')?.textContent.trim()]));
    // Every text of the drawing: its font size times the scale it is drawn at.
    const px = [...svg.querySelectorAll('text')].filter((t) => t.textContent.trim()).map((t) => parseFloat(getComputedStyle(t).fontSize) * (t.getBoundingClientRect().height / (t.getBBox().height || 1)));
    return {
      stepperBottom: next.bottom, height: window.innerHeight, panel: { width: port.width, height: port.height },
      lifelines: tops.map((t) => names[t.name]), inView: tops.filter((t) => t.box.left >= port.left && t.box.right <= port.right).length,
      threads: tops.filter((t) => /^T\d+$/.test(t.name)).length, minPx: Math.min(...px), texts: px.length,
    };
  });
  if (look.stepperBottom > look.height) throw new Error(`the stepper is below the fold (${look.stepperBottom} > ${look.height})`);
  if (look.threads < 2 || !look.lifelines.includes('store') || !look.lifelines.includes('unplug')) throw new Error(`the diagram should have the store and unplug lifelines: ${look.lifelines.join(', ')}`);
  if (!(look.minPx >= 12)) throw new Error(`diagram text is ${look.minPx.toFixed(1)} px on screen, under 12`);
  if (look.inView !== look.lifelines.length) throw new Error(`${look.inView} of ${look.lifelines.length} lifelines are in the ${look.panel.width} px panel`);
  await page.screenshot({ path: join(artifacts, 'simulation-panel.png') });
  console.log(`  ok the simulation panel on the sample (${look.panel.width}x${look.panel.height} px drawing area): stepper in view, ${look.inView} of ${look.lifelines.length} lifelines in view (${look.lifelines.join(', ')}; ${look.threads} threads), ${look.texts} texts at ${look.minPx.toFixed(1)} px or more`);
  const selectedRow = await sim.locator('#matrix tr.selected').textContent();
  if (!/use-after-free/.test(selectedRow ?? '')) throw new Error(`the selected run should show the use-after-free: ${selectedRow}`);

  // Step to the last step that is a line of the function: its message is marked in the drawing, in view, and the editor follows.
  const labels = await sim.locator('#steps li').allTextContents();
  const target = labels.findLastIndex((l) => /\] \d+: mutex_lock/.test(l));
  if (target < 0) throw new Error(`no mutex_lock step in the trace: ${labels.join(' | ')}`);
  for (let k = 0; k <= target; k++) await sim.locator('#step-next').click();
  const stepText = await sim.locator('#steps li.current').textContent();
  const stepLine = Number(/\] (\d+):/.exec(stepText ?? '')?.[1]);
  await selection.filter({ hasText: `Ln ${stepLine},` }).waitFor({ timeout: 15_000 });
  const marked = await sim.locator('body').evaluate(() => {
    const port = document.querySelector('#viewport').getBoundingClientRect();
    const text = document.querySelector('#diagram svg text.messageText.lf-current');
    const band = document.querySelector('#diagram svg rect.lf-step-band')?.getBoundingClientRect();
    return { text: text?.textContent ?? '', inView: !!band && band.top >= port.top && band.bottom <= port.bottom, marked: document.querySelectorAll('#diagram svg .lf-current').length };
  });
  if (!marked.text.startsWith(`${stepLine}: mutex_lock`)) throw new Error(`step "${stepText}" should mark its message; marked: "${marked.text}"`);
  if (!marked.inView) throw new Error(`the marked step "${marked.text}" is not in view`);
  await page.screenshot({ path: join(artifacts, 'simulation-step.png') });
  console.log(`  ok stepping to "${stepText}" (step ${target + 1} of ${labels.length}) marked "${marked.text}" in the drawing, in view, and moved the cursor to line ${stepLine}`);
}

export async function runUiTest() {
  const profile = makeProfile('ui');
  const workspace = join(profile.tmp, 'workspace');
  copyWorkspace(workspace);
  const source = readFileSync(join(workspace, FIXTURE), 'utf8').split('\n');
  const cursorLine = source.indexOf(CURSOR_AT) + 1;
  const clickLine = source.indexOf(`\t${CLICK};`) + 1;
  installVsix(profile, join(repo, 'lockflow.vsix'));
  const server = await startServer(profile);
  const artifacts = join(repo, 'test-artifacts');
  mkdirSync(artifacts, { recursive: true });
  let browser;
  let page;
  let passed = false;
  try {
    browser = await launchBrowser(profile);
    page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}`);
    // Ready: the explorer lists the fixture (remote file system and extension host are up).
    await page.locator('.explorer-folders-view .monaco-list-row', { hasText: FIXTURE }).waitFor({ timeout: 60_000 });
    await openFile(page, FIXTURE, 'pool_trim_locked');
    const selection = page.locator('[id="status.editor.selection"]');
    await selection.filter({ hasText: 'Ln 1,' }).waitFor();
    await page.keyboard.press('Control+G'); // Go to Line
    await page.keyboard.type(String(cursorLine));
    await page.keyboard.press('Enter');
    await selection.filter({ hasText: `Ln ${cursorLine},` }).waitFor();

    // The first diagram of the session: from the command (Enter in the palette) to its SVG in the page.
    await findCommand(page, COMMAND);
    const commandAt = Date.now();
    await page.keyboard.press('Enter');

    // The webview: outer iframe.webview -> inner iframe#active-frame (our page).
    const wv = page.frameLocator('iframe.webview.ready').frameLocator('iframe#active-frame');
    await wv.locator('#toolbar').waitFor({ timeout: 60_000 });
    const pageMs = Date.now() - commandAt;
    await wv.locator('#diagram svg').waitFor({ timeout: 60_000 });
    const firstDiagramMs = Date.now() - commandAt;
    const hostWait = describeHostWait(await webviewHostMarks(page, commandAt));
    console.log(`  first diagram: ${firstDiagramMs} ms from the command to the SVG in the page (its webview page was up at ${pageMs} ms${hostWait ? `; ${hostWait}` : ''}; goal: at most 2000 ms)`);
    const labels = await wv.locator('#diagram svg g.node').allTextContents();
    for (const want of EXPECT_LABELS) {
      if (!labels.some((l) => l.includes(want))) throw new Error(`no node labelled ${want}; labels: ${labels.join(', ')}`);
    }
    if (!(await wv.locator('#error').isHidden())) throw new Error('the webview shows an error');

    await wv.locator('g.node.lf-clickable', { hasText: CLICK }).first().click();
    await selection.filter({ hasText: `Ln ${clickLine},` }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(artifacts, 'lock-flow-panel.png') });
    console.log(`  ok ${COMMAND}: ${labels.length} nodes drawn, clicking ${CLICK} moved the cursor from line ${cursorLine} to ${clickLine}`);

    const nodes = FORGE_AFTER.map((label) => wv.locator('g.node.lf-clickable', { hasText: label }).first());
    const refused = await checkForgedReveal(page, { panel: page.locator('iframe.webview.ready').first(), nodes, selection });
    console.log(`  ok a forged reveal from the webview opens nothing: ${refused} messages for locations the panel did not send were ignored`);

    // The call graph rooted at the cursor's function (pool_reset), two calls deep, its controls shown.
    await runCommand(page, 'Lockflow: Show Call Graph');
    const cg = await waitInSomeWebview(page, '#title', 'Calls from pool_reset()', 60_000);
    await cg.locator('#diagram svg g.node', { hasText: 'pool_trim_locked' }).first().waitFor({ timeout: 30_000 });
    const cgNodes = await cg.locator('#diagram svg g.node').count();
    if (cgNodes > 60) throw new Error(`the rooted call graph draws ${cgNodes} nodes (at most 60)`);
    if (await cg.locator('#cg-controls').isHidden()) throw new Error('the call graph has no depth/direction controls');
    if ((await cg.locator('#cg-depth').inputValue()) !== '2') throw new Error('the call graph is not two calls deep');
    await page.screenshot({ path: join(artifacts, 'call-graph-panel.png') });
    console.log(`  ok Lockflow: Show Call Graph: rooted at pool_reset(), depth 2, ${cgNodes} nodes`);

    // The lock order graph: labels escaped once (no entity shown), text at least 12 px on screen.
    await runCommand(page, 'Lockflow: Show Lock Order Graph');
    const lo = await waitInSomeWebview(page, '#diagram svg g.edgeLabel', 'pool_reset() L', 60_000);
    const loText = (await lo.locator('#diagram svg g.node, #diagram svg g.edgeLabel').allTextContents()).join(' | ');
    if (/&#|#\d+;/.test(loText ?? '')) throw new Error(`the lock order graph shows an entity: ${loText}`);
    const loHeight = await smallestTextHeight(lo);
    if (!(loHeight >= 12)) throw new Error(`the lock order graph's text is ${loHeight} px high (at least 12)`);
    if (!(await lo.locator('#matrix tbody tr', { hasText: 'buf_pool.lock → device.mutex' }).count())) throw new Error('the lock order pairs are not listed beside the graph');
    await page.screenshot({ path: join(artifacts, 'lock-order-panel.png') });
    console.log(`  ok Lockflow: Show Lock Order Graph: no entity in its text, smallest label ${loHeight.toFixed(1)} px, pairs listed`);

    // A reviewed mail: the patched text beside its base, and the reviewer's remark next to Lockflow's finding in the view.
    await openFile(page, MAIL, 'Pat Reviewer');
    await runCommand(page, 'Lockflow: Review Patch or Mail…');
    await page.locator('.editor-instance .view-lines', { hasText: 'int pool_count(' }).first().waitFor({ timeout: 30_000 });
    // The remark is a comment thread in the editor, at its line of the patched text.
    await page.locator('.review-widget', { hasText: REMARK }).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: join(artifacts, 'remark-thread.png') });
    // The view lives in its own activity bar container (Review Patch or Mail… brings it forward).
    const view = page.locator('.pane', { has: page.locator('.pane-header', { hasText: 'Lockflow Review' }) });
    const remark = view.locator('.monaco-list-row', { hasText: REMARK });
    await remark.waitFor({ timeout: 30_000 });
    const finding = view.locator('.monaco-list-row', { hasText: 'lock/held-at-return' });
    await finding.waitFor();
    const remarkLine = Number(/^(\d+):/.exec((await remark.locator('.label-name').textContent()) ?? '')?.[1]);
    const findingLine = Number(/^(\d+):/.exec((await finding.locator('.label-name').textContent()) ?? '')?.[1]);
    if (remarkLine !== findingLine) throw new Error(`the remark (line ${remarkLine}) and the finding (line ${findingLine}) should be at the same line`);
    await remark.click();
    await selection.filter({ hasText: `Ln ${remarkLine},` }).waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(artifacts, 'patch-review.png') });
    console.log(`  ok Lockflow: Review Patch or Mail…: the reviewer's remark and Lockflow's finding both at line ${remarkLine} of the patched pool.c`);

    // A patch whose paths are one folder down: Lockflow asks where the base is, and says which hunk did not apply.
    await openFile(page, 'gadget-shrink.patch', 'gadget_drain');
    await runCommand(page, 'Lockflow: Review Patch or Mail…');
    await pickQuickItem(page, 'Where is the base?', 'kernel');
    await page.locator('.editor-instance .view-lines', { hasText: 'gadget_shrink(' }).first().waitFor({ timeout: 30_000 });
    const rejected = view.locator('.monaco-list-row', { hasText: 'hunk 1 (@@ -19,5' });
    await rejected.waitFor({ timeout: 30_000 });
    await view.locator('.monaco-list-row', { hasText: 'q->cfg_lock (taken at line' }).first().waitFor();
    await page.locator('.notifications-toasts', { hasText: 'did not apply' }).first().waitFor({ timeout: 15_000 });
    await page.screenshot({ path: join(artifacts, 'patch-base-picker.png') });
    console.log('  ok Lockflow: Review Patch or Mail…: asked for the base, picked kernel/, hunk 1 shown rejected in the view and in a notification');

    // A panel hidden behind another tab draws its diagram again when it comes back.
    await page.locator('.tab', { hasText: 'Lock flow of pool_reset()' }).click();
    await waitInSomeWebview(page, 'g.node', 'pool_reset()');
    console.log('  ok the lock flow panel, hidden behind the others, draws again when shown');

    await checkSimulationOfSample(page, selection, artifacts);
    console.log('  screenshots: test-artifacts/lock-flow-panel.png, call-graph-panel.png, lock-order-panel.png, remark-thread.png, patch-review.png, patch-base-picker.png, simulation-panel.png, simulation-step.png');
    passed = true;
    return 0;
  } catch (e) {
    await page?.screenshot({ path: join(artifacts, 'ui-failure.png') }).catch(() => {});
    console.error(`  FAIL ui: ${e instanceof Error ? e.message : e}\n  screenshot: test-artifacts/ui-failure.png; code-server log in ${profile.tmp}`);
    return 1;
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    if (passed) rmSync(profile.tmp, { recursive: true, force: true });
  }
}
