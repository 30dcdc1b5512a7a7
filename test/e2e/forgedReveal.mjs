// A diagram's page is not trusted: a `reveal` it sends for a location its panel did not send
// opens nothing. The page's own vscode.postMessage ends in the outer webview frame's
// __vscode_post_message__ (VS Code's webview pre/index.html), which passes it on through a
// MessagePort; calling that function sends a message exactly as the page would, and watching
// the port shows what a genuine click sends.

const post = (outer, message) => outer.evaluate((m) => window.__vscode_post_message__('onmessage', { message: m, transfer: [] }), message);

/** Records every message the page sends to the extension (in window.__lockflowSent). */
const watch = (outer) =>
  outer.evaluate(() => {
    const send = MessagePort.prototype.postMessage;
    window.__lockflowSent = [];
    MessagePort.prototype.postMessage = function (m, transfer) {
      if (m?.channel === 'onmessage') window.__lockflowSent.push(m.data.message);
      return send.call(this, m, transfer);
    };
  });

/**
 * `panel`: the diagram's webview iframe; `nodes`: two clickable nodes of it on different lines;
 * `selection`: the status bar item showing the cursor. Returns how many forged messages were ignored.
 */
export async function checkForgedReveal(page, { panel, nodes, selection }) {
  const outer = await (await panel.elementHandle()).contentFrame();
  const atLine = (n) => selection.filter({ hasText: `Ln ${n},` }).waitFor({ timeout: 15_000 });
  await watch(outer);
  const genuine = [];
  for (const node of nodes) {
    await node.click();
    const sent = await outer.evaluate(() => window.__lockflowSent.filter((m) => m.type === 'reveal'));
    genuine.push(sent.at(-1).ref);
    await atLine(genuine.at(-1).line);
  }
  const [first, last] = genuine;
  const forged = [
    { type: 'reveal', ref: { uri: first.uri, line: 1 } }, // the diagram's file, a line no node has
    { type: 'reveal', ref: { uri: first.uri.replace(/[^/]+$/, 'group_mode.c'), line: 3 } }, // a workspace file the panel never named
    { type: 'reveal', ref: { uri: 'file:///etc/passwd', line: 1 } },
    { type: 'reveal', ref: { uri: first.uri } }, // the wrong shape
  ];
  for (const m of forged) await post(outer, m);
  await page.waitForTimeout(2000);
  await atLine(last.line).catch(() => {
    throw new Error('a forged reveal moved the cursor');
  });
  const nothingOpened = async () => {
    for (const name of ['group_mode.c', 'passwd']) if (await page.locator('.tabs-container .tab', { hasText: name }).count()) throw new Error(`a forged reveal opened ${name}`);
  };
  await nothingOpened();
  // The control, through the same channel: a location the panel sent is revealed. Messages are
  // handled in order, so the forged ones were handled before it.
  await post(outer, { type: 'reveal', ref: first });
  await atLine(first.line).catch(() => {
    throw new Error('a reveal the panel sent, posted as the page posts, did not move the cursor: the forging channel is broken');
  });
  await nothingOpened();
  return forged.length;
}
