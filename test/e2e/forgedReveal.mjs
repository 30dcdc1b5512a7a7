// A diagram's page is not trusted: a `reveal` it sends for a location its panel did not send
// opens nothing. The page's own vscode.postMessage ends in the outer webview frame's
// __vscode_post_message__ (VS Code's webview pre/index.html); calling that sends a message
// exactly as the page would, so forged messages take the real path into the extension.

const post = (outer, message) => outer.evaluate((m) => window.__vscode_post_message__('onmessage', { message: m, transfer: [] }), message);

/**
 * `panel`: the webview iframe of a lock flow of `file`, whose nodes include lines `sent` and
 * `later`; `uriOf(name)`: the editor URI of a workspace file; `selection`: the status bar item.
 */
export async function checkForgedReveal(page, { panel, selection, uriOf, file, sent, later }) {
  const outer = await (await panel.elementHandle()).contentFrame();
  const atLine = (n) => selection.filter({ hasText: `Ln ${n},` }).waitFor({ timeout: 15_000 });
  // The control: a location the panel sent, through the same channel, is revealed.
  await post(outer, { type: 'reveal', ref: { uri: uriOf(file), line: sent } });
  await atLine(sent).catch(() => {
    throw new Error('a reveal of a location the panel sent, posted like the page does, did not move the cursor: the forging channel is broken');
  });
  const forged = [
    { type: 'reveal', ref: { uri: uriOf(file), line: 1 } }, // the right file, a line no node has
    { type: 'reveal', ref: { uri: uriOf('group_mode.c'), line: 3 } }, // a workspace file the panel never named
    { type: 'reveal', ref: { uri: 'file:///etc/passwd', line: 1 } },
    { type: 'reveal', ref: { uri: uriOf('group_mode.c') } }, // the wrong shape
  ];
  for (const m of forged) await post(outer, m);
  await page.waitForTimeout(2000);
  await atLine(sent);
  const opened = async () => {
    for (const name of ['group_mode.c', 'passwd']) if (await page.locator('.tabs-container .tab', { hasText: name }).count()) throw new Error(`a forged reveal opened ${name}`);
  };
  await opened();
  // Messages are handled in order: once this one moved the cursor, the forged ones were handled before it.
  await post(outer, { type: 'reveal', ref: { uri: uriOf(file), line: later } });
  await atLine(later);
  await opened();
  return forged.length;
}
