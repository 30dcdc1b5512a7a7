// Runs every built test file with node's own test runner (node 20 has no globs).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.js') ? [p] : [];
  });
}
// Browser tests need Debian's Chromium; install it where we may, or say what is missing.
const ensure = spawnSync(process.execPath, ['scripts/ensure-chromium.mjs'], { stdio: 'inherit' });
if (ensure.status !== 0) process.exit(ensure.status ?? 1);

const files = find('dist/test').sort();
const extra = process.argv.slice(2);
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...extra, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
