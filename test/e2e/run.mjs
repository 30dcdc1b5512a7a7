// npm run test:e2e: (a) extension-host tests (in a trusted, then an untrusted workspace), then (b) the UI test, in a real
// VS Code (code-server) driven through Debian Chromium. Needs scripts/e2e-setup.sh.
import { checkInstalled } from './harness.mjs';
import { runExtensionHostTests } from './extHost.mjs';
import { runUiTest } from './ui.mjs';

checkInstalled();
const results = [];
const suites = [
  ['extension-host', () => runExtensionHostTests()],
  ['extension-host, untrusted workspace', () => runExtensionHostTests({ untrusted: true })],
  ['ui', runUiTest],
];
for (const [name, run] of suites) {
  const start = Date.now();
  let code;
  // One retry: a browser driving a full workbench on a shared 2-core machine can time out once.
  for (let attempt = 1; attempt <= 2 && code !== 0; attempt++) {
    if (attempt > 1) console.log(`${name}: retrying once`);
    try {
      code = await run();
    } catch (e) {
      console.error(e);
      code = 1;
    }
  }
  results.push({ name, ok: code === 0, seconds: ((Date.now() - start) / 1000).toFixed(1) });
  console.log(`${name}: ${code === 0 ? 'passed' : 'FAILED'} in ${results.at(-1).seconds} s`);
}
const failed = results.filter((r) => !r.ok).length;
console.log(`e2e: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
