// `npm run demo`: Lockflow's main job on the embedded sample: review a patch
// mail against its base, simulate the store it adds, and write the reports.
import { spawnSync } from 'node:child_process';

const PATCH = 'samples/store-type/0001-iommu-allow-changing-the-default-domain.patch';
const BASE = 'samples/store-type/base';

function run(args, { show = true } = {}) {
  if (show) console.log(`\n$ lockflow ${args.join(' ')}\n`);
  const r = spawnSync(process.execPath, ['bin/lockflow.js', ...args], { stdio: 'inherit' });
  if (r.status !== 0) {
    console.error(`lockflow ${args[0]} failed (exit ${r.status})`);
    process.exit(r.status ?? 1);
  }
}

run(['review', PATCH, '--base', BASE, '--simulate', '--fail-on', 'none']);
run(['simulate', PATCH]);
run(['review', PATCH, '--base', BASE, '--simulate', '--fail-on', 'none', '--format', 'html', '--output', 'lockflow-report.html']);
run(['review', PATCH, '--base', BASE, '--simulate', '--fail-on', 'none', '--format', 'markdown', '--output', 'lockflow-report.md']);
console.log('\nOpen lockflow-report.html in a browser for the findings with their diagrams (it works offline).');
