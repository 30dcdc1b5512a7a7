import { readFileSync } from 'node:fs';
import { parseFile } from '../src/core/syntax';
(async () => {
  const f = process.argv[2];
  const t0 = performance.now();
  const pf = await parseFile(f, readFileSync(f, 'utf8'));
  console.log('ms', performance.now() - t0);
  for (const fn of pf.functions) console.log(fn.name, fn.line, fn.endLine, JSON.stringify(fn.params), JSON.stringify(fn.annotations));
  console.log(pf.diagnostics);
  console.log([...pf.structs.entries()].map(([k,v])=>k+':'+[...v].join(',')));
})();
