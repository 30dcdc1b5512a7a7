import { readFileSync } from 'node:fs';
import { reviewFiles } from '../src/core/review';
(async () => {
  const file = process.argv[2];
  const only = process.argv[3];
  const out = await reviewFiles([{ path: file, text: readFileSync(file, 'utf8') }]);
  for (const a of out.engine.analyses.values()) {
    if (only && a.fn.name !== only) continue;
    console.log('==', a.fn.name, a.context, 'ends', a.ends.length, 'limits', a.limits);
    console.log(' takes', JSON.stringify(a.takes.map((t) => [t.ref.path, t.ref.cls, t.line])));
    console.log(' callSites', a.callSites.map((c) => `${c.callee}@${c.line}[${c.held.map((h) => h.inst).join(',')}]`).join(' '));
    console.log(' summary', JSON.stringify(out.engine.summaries.get(a.fn.name)));
    for (const e of a.ends) console.log('  end', e.endLine, e.returnValue, e.held.map((h) => `${h.inst}:${h.origin}${h.detached ? "'" : ''}`).join(','), [...e.releasedCaller.keys()].join(','));
  }
  console.log('callbacks', JSON.stringify(out.engine.graph.edges.filter((e) => e.kind !== 'direct').map((e) => [e.from, e.to, e.kind, e.viaParam])));
})();
