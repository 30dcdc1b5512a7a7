/**
 * Headless Chromium for the security tests: a page served as the only
 * allowed request, every other request blocked and recorded, dialogs and
 * console errors collected, and what hostile payloads would have set.
 */
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const ORIGIN = 'http://lockflow.test';

export interface Observed {
  blocked: string[];
  dialogs: string[];
  errors: string[];
  /** window.__pwned after rendering: set by any payload that ran. */
  pwned: unknown;
}

export async function withBrowser<T>(fn: (browser: Browser) => Promise<T>): Promise<T> {
  const browser = await chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
  try {
    return await fn(browser);
  } finally {
    await browser.close();
  }
}

/** Serves `html` as the page, blocks the rest, runs `ready` (which waits for rendering), and reports. */
export async function observePage(browser: Browser, html: string, ready: (page: Page) => Promise<void>): Promise<Observed & { page: Page }> {
  const page = await browser.newPage();
  const seen: Observed = { blocked: [], dialogs: [], errors: [], pwned: undefined };
  await page.route('**/*', (route) => {
    const url = route.request().url();
    if (url === `${ORIGIN}/`) return route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html });
    seen.blocked.push(url);
    return route.abort('blockedbyclient');
  });
  page.on('dialog', async (d) => {
    seen.dialogs.push(d.message());
    await d.dismiss();
  });
  page.on('console', (m) => m.type() === 'error' && seen.errors.push(m.text()));
  page.on('pageerror', (e) => seen.errors.push(String(e)));
  await page.goto(`${ORIGIN}/`);
  await ready(page);
  seen.pwned = await page.evaluate(() => (globalThis as unknown as { __pwned?: unknown }).__pwned);
  return { ...seen, page };
}

/** A page that draws each diagram with mermaid's own bundle at securityLevel 'strict'. */
export function mermaidPage(mermaidJs: string, diagrams: string[], flowchart: Record<string, unknown> = {}): string {
  const data = JSON.stringify(diagrams).replace(/</g, '\\u003c');
  const options = JSON.stringify({ startOnLoad: false, securityLevel: 'strict', flowchart }).replace(/</g, '\\u003c');
  return `<!DOCTYPE html><html><head><meta charset="utf-8"></head><body>
${diagrams.map((_, i) => `<div class="diagram" id="d${i}"></div>`).join('\n')}
<script>${mermaidJs.replace(/<\/script/gi, '<\\/script')}</script>
<script type="application/json" id="data">${data}</script>
<script>
(async () => {
  const diagrams = JSON.parse(document.getElementById('data').textContent);
  mermaid.initialize(${options});
  let failed = 0;
  for (let i = 0; i < diagrams.length; i++) {
    try {
      const { svg } = await mermaid.render('m' + i, diagrams[i]);
      document.getElementById('d' + i).innerHTML = svg;
    } catch (e) {
      failed++;
      console.error('diagram ' + i + ': ' + e.message);
    }
  }
  document.body.dataset.failed = String(failed);
  document.body.dataset.rendered = String(diagrams.length);
})();
</script></body></html>`;
}
