// `npm run demo`: Lockflow's main job on the embedded sample.
import { spawnSync } from 'node:child_process';

const cli = ['bin/lockflow.js'];
function run(args) {
  console.log(`\n$ lockflow ${args.join(' ')}`);
  const r = spawnSync(process.execPath, [...cli, ...args], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
run(['parse', 'samples/iommu_core.c']);
run(['callgraph', 'samples/iommu_core.c', '--root', 'iommu_attach_group']);
run(['cfg', 'samples/iommu_core.c', '--function', 'iommu_attach_group']);
