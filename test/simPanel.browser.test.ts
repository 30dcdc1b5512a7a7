/**
 * A run's sequence diagram as the simulation panel draws it (its mermaid settings, headless Chromium):
 * a 40-step race over five lifelines fits the panel's default width with its text at 12 px or more,
 * and the stepper's marks name the messages mermaid really draws, in its order.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { runSequence } from '../src/core/sim/diagram';
import type { TraceEvent } from '../src/core/sim/types';
import { mermaidConfig, SEQUENCE_FONT_PX } from '../src/webview/mermaidConfig';
import { repoRoot } from './helpers';

/** The drawing area of the panel beside the editor in a 1600x900 window, as the UI test measures it. */
const PANEL_WIDTH = 621;
/** The panel never shrinks a run below this (main.ts SEQUENCE_MIN_SCALE), and pads the drawing by 8 px a side. */
const FLOOR = 12.25 / SEQUENCE_FONT_PX;

/** What the test reads of the page's globals (its TypeScript has no DOM library). */
interface PageGlobals {
  mermaid: { initialize(config: unknown): void; render(id: string, text: string): Promise<{ svg: string }> };
  document: { getElementById(id: string): { innerHTML: string } | null };
}

/** A store and an unplug thread racing on a group, a device and its group_device, with kernel-length names. */
function raceTrace(): TraceEvent[] {
  const t: TraceEvent[] = [{ thread: 'store', line: 0, kind: 'call', text: 'iommu_group_store_type(group, "identity", 9)' }];
  const objects = ['group', 'dev', 'group_device(dev)'];
  for (let k = 0; t.length < 39; k++) {
    const thread = k % 3 === 2 ? 'unplug' : 'store';
    const obj = objects[k % 3];
    t.push({ thread, line: 200 + k, kind: 'call', text: `iommu_group_change_default_domain_${k}(group, dev)` });
    t.push({ thread, line: 300 + k, kind: k % 2 ? 'unlock' : 'lock', text: `${k % 2 ? 'mutex_unlock' : 'mutex_lock'}(&${obj}->mutex)`, obj });
  }
  t.push({ thread: 'store', line: 243, kind: 'violation', text: 'use-after-free of dev (device freed by unplug): device_lock(dev)', obj: 'dev' });
  return t;
}

test('a 40-step race over five lifelines fits the panel at 12 px or more; each step\'s mark names its drawn message', async (t) => {
  const trace = raceTrace();
  assert.equal(trace.length, 40);
  const { text, marks } = runSequence(['store', 'unplug'], trace, { rule: 'sim/use-after-free', message: trace.at(-1)!.text, line: 243 });
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  try {
    const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
    await page.setContent('<!DOCTYPE html><html><body><div id="d"></div></body></html>');
    await page.addScriptTag({ path: join(repoRoot(), 'node_modules', 'mermaid', 'dist', 'mermaid.min.js') });
    await page.evaluate(
      async ([source, config]) => {
        const g = globalThis as unknown as PageGlobals;
        g.mermaid.initialize(config);
        g.document.getElementById('d')!.innerHTML = (await g.mermaid.render('run', source)).svg;
      },
      [text, mermaidConfig('default', 'simulation')] as const,
    );
    const svg = page.locator('#d svg');
    const drawn = {
      width: (await svg.boundingBox())!.width,
      lifelines: await svg.locator('rect.actor-top').count(),
      // Mermaid sets each text's size in its style attribute.
      sizes: [...new Set(await svg.locator('text').evaluateAll((els) => els.filter((e) => e.textContent?.trim()).map((e) => /font-size: ([\d.]+px)/.exec(e.getAttribute('style') ?? '')?.[1])))],
      messages: await svg.locator('text.messageText').allTextContents(),
      lines: await svg.locator('.messageLine0, .messageLine1').count(),
      notes: await svg.locator('rect.note').evaluateAll((els) => els.map((r) => r.parentElement?.querySelector('text.noteText')?.textContent ?? '')),
    };
    assert.equal(drawn.lifelines, 5);
    t.diagnostic(`a 40-step race: ${drawn.width.toFixed(0)} px wide at ${SEQUENCE_FONT_PX} px text (panel ${PANEL_WIDTH} px)`);
    assert.deepEqual(drawn.sizes, [`${SEQUENCE_FONT_PX}px`]);
    const atFloor = (drawn.width + 16) * FLOOR;
    assert.ok(atFloor <= PANEL_WIDTH, `the drawing is ${drawn.width} px: ${atFloor.toFixed(0)} px at 12.25 px text, wider than the ${PANEL_WIDTH} px panel`);
    assert.equal(drawn.lines, drawn.messages.length, 'one arrow per message');
    trace.forEach((e, k) => {
      const mark = marks[k];
      assert.ok(mark, `step ${k} is drawn`);
      if (mark.kind === 'message') assert.ok(drawn.messages[mark.index].startsWith(e.line ? `${e.line}: ` : e.text.slice(0, 10)), `step ${k} (${e.text}) marks "${drawn.messages[mark.index]}"`);
      else assert.match(drawn.notes[mark.index], /steps/, `step ${k} marks note "${drawn.notes[mark.index]}"`);
    });
  } finally {
    await browser.close();
  }
});
