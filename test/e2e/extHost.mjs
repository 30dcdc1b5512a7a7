// (a) Extension-host tests: the suite in test/e2e/suite runs inside a real VS
// Code (code-server's smoke-test driver) with the real vscode API; its output
// and exit code come back through codeAutomationLog / codeAutomationExit.
import { cpSync, createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { TRUST_ENABLED, copyWorkspace, launchBrowser, makeProfile, repo, startServer } from './harness.mjs';

const MARK = '[lockflow-e2e] '; // as in suite/runner.ts

/**
 * `untrusted`: the suite dist/e2e/suite/untrusted runs in a copy of the fixture workspace whose
 * .vscode/settings.json is fixtures/untrusted-settings.json, with workspace trust on and never granted.
 */
export async function runExtensionHostTests({ timeoutMs = 300_000, untrusted = false } = {}) {
  const profile = makeProfile(untrusted ? 'untrusted' : 'exthost', untrusted ? TRUST_ENABLED : {});
  const workspace = join(profile.tmp, 'workspace');
  copyWorkspace(workspace);
  if (untrusted) {
    mkdirSync(join(workspace, '.vscode'));
    cpSync(join(repo, 'test', 'e2e', 'fixtures', 'untrusted-settings.json'), join(workspace, '.vscode', 'settings.json'));
  }
  const server = await startServer(profile, ['--vscode-option', 'enable-smoke-test-driver'], { trust: untrusted });
  let browser;
  let code = 1;
  try {
    browser = await launchBrowser(profile);
    // Copy Review Reply writes the browser's clipboard.
    const page = await (await browser.newContext({ permissions: ['clipboard-read', 'clipboard-write'] })).newPage();
    let done;
    const exited = new Promise((r) => (done = r));
    // The workbench's own log comes on this channel too: keep it in a file, print the suite's lines.
    const log = createWriteStream(join(profile.tmp, 'workbench.log'));
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const text = args.map(String).join(' ');
      log.write(text + '\n');
      for (const line of text.split('\n')) if (line.startsWith(MARK)) console.log(line.slice(MARK.length));
    });
    await page.exposeFunction('codeAutomationExit', (c) => done(c));
    const remote = (p) => `vscode-remote://127.0.0.1:${server.port}${p}`;
    const payload = [
      ['extensionDevelopmentPath', remote(repo)],
      ['extensionTestsPath', remote(join(repo, 'dist', 'e2e', 'suite', untrusted ? 'untrusted' : 'index'))],
      ['skipWelcome', 'true'],
    ];
    await page.goto(`${server.base}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    code = await Promise.race([exited, new Promise((r) => setTimeout(() => r('timeout'), timeoutMs))]);
    if (code === 'timeout') {
      console.error(`extension-host tests timed out; logs in ${profile.tmp}`);
      code = 1;
    }
  } finally {
    await browser?.close().catch(() => {});
    await server.stop();
    if (code !== 0) console.error(`  logs kept in ${profile.tmp}`);
    if (code === 0) rmSync(profile.tmp, { recursive: true, force: true });
  }
  return code;
}
