import { readFileSync } from 'node:fs';
import { parseFile } from '../src/core/syntax';
(async () => {
  const f = await parseFile('x.c', readFileSync(process.argv[2], 'utf8'));
  const fn = f.functions.find((x) => x.name === process.argv[3])!;
  const dump = (n: any, d: number) => { console.log(' '.repeat(d) + n.type + (n.field ? `(${n.field})` : '') + ' ' + JSON.stringify(f.text.slice(n.start, n.end).slice(0, 40))); for (const c of n.children) if (c.named) dump(c, d + 2); };
  dump(fn.body, 0);
})();
