import { readFileSync } from 'node:fs';
import { parseFile } from '../src/core/syntax';
import { analyzeLocks } from '../src/core/locks/engine';
import { reviewEngine } from '../src/core/review';
(async () => {
  const text = readFileSync(process.argv[2], 'utf8');
  const f = await parseFile('x.c', text);
  for (let k = 0; k < 2; k++) analyzeLocks([f]);
  let t0 = performance.now();
  const e = analyzeLocks([f]);
  const tEngine = performance.now() - t0;
  t0 = performance.now();
  reviewEngine(e);
  console.log('engine', tEngine.toFixed(0), 'rules', (performance.now() - t0).toFixed(0));
})();
