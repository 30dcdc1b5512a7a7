// Where the first diagram's time goes before Lockflow's page exists: VS Code's webview host page
// (the outer iframe) marks when it got the page's HTML and when its service worker was ready to serve it.
// In a browser that never showed a webview, that service worker is installed then, and the HTML waits for it.

/** The marks of the first webview's host page, in ms since `since` (a Date.now()), or undefined when absent. */
export async function webviewHostMarks(page, since) {
  const handle = await page.locator('iframe.webview.ready').first().elementHandle();
  const frame = await handle?.contentFrame();
  const marks = await frame?.evaluate(() => Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, performance.timeOrigin + m.startTime]))).catch(() => undefined);
  if (!marks) return undefined;
  const at = (name) => (marks[`webview/index.html/${name}`] === undefined ? undefined : Math.round(marks[`webview/index.html/${name}`] - since));
  return { htmlSent: at('content/started'), workerReady: at('content/workerReady'), htmlWritten: at('content/wroteInnerContent') };
}

/** One line: how long the service worker held the page's HTML back, or nothing when the marks are missing. */
export function describeHostWait(marks) {
  if (marks?.htmlSent === undefined || marks.workerReady === undefined) return '';
  return `VS Code's webview service worker held its HTML from ${marks.htmlSent} to ${marks.workerReady} ms (${marks.workerReady - marks.htmlSent} ms), Lockflow's page ran from ${marks.htmlWritten ?? marks.workerReady} ms`;
}
