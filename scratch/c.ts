import { readFileSync } from 'node:fs';
import { parseFile } from '../src/core/syntax';
import { buildCfg, cfgToText } from '../src/core/cfg';
(async () => {
  const f = process.argv[2];
  const pf = await parseFile(f, readFileSync(f, 'utf8'));
  for (const fn of pf.functions) if (!process.argv[3] || fn.name === process.argv[3]) console.log(cfgToText(buildCfg(pf, fn)) + '\n');
})();
