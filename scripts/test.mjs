// Runs the built test files of one suite with node's own test runner (node 20 has no globs):
//   unit (default): everything that needs nothing but this clone (npm test);
//   seed: *.seed.test.js, which read ../shared/seeds and ../shared/patterns (npm run test:seed);
//   browser: *.browser.test.js, which draw in Debian's Chromium (npm run test:browser).
// Nothing here installs anything: a missing ../shared or Chromium is said, and the suite fails.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const SUITES = {
  unit: (f) => !f.endsWith('.seed.test.js') && !f.endsWith('.browser.test.js'),
  seed: (f) => f.endsWith('.seed.test.js'),
  browser: (f) => f.endsWith('.browser.test.js'),
};

const args = process.argv.slice(2);
const suite = args[0] in SUITES ? args.shift() : 'unit';

function find(dir) {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? find(p) : p.endsWith('.test.js') ? [p] : [];
  });
}

if (suite === 'seed' && !existsSync(join('..', 'shared', 'seeds'))) {
  console.error('npm run test:seed reads ../shared/seeds and ../shared/patterns: put the shared folder beside this clone.');
  process.exit(1);
}
if (suite === 'browser') {
  const chromium = process.env.CHROMIUM ?? '/usr/bin/chromium';
  if (!existsSync(chromium)) {
    console.error(`npm run test:browser draws in Chromium, which is not at ${chromium}: install Debian's "chromium" package (bash scripts/e2e-setup.sh does) or set CHROMIUM=/path/to/chromium.`);
    process.exit(1);
  }
}

const files = find(join('dist', 'test')).filter(SUITES[suite]).sort();
const r = spawnSync(process.execPath, ['--test', '--test-reporter=spec', ...args, ...files], { stdio: 'inherit' });
process.exit(r.status ?? 1);
