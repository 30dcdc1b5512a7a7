/**
 * errno/busy-as-invalid: an error path whose message says busy, in use,
 * bound or assigned, but returns -EINVAL (the seed's "-EBUSY?" remark); not
 * when the message says what was asked for was not found.
 */
import { walk, type SNode } from '../../syntax';
import { calleeName } from '../../syntax/kernelIdioms';
import { finding, type Rule } from '../context';
import type { Finding } from '../types';

const BUSY = /\b(?:busy|in use|still bound|bound to|assigned|attached|owned|claimed|in progress)\b/i;
const NEGATED = /\b(?:not|isn't|no longer|never|un)\s*(?:\w+\s+)?(?:busy|in use|bound|assigned|attached|owned|claimed)/i;
/** What was asked for is not there ("couldn't find reg_id ... rule is left attached"): a miss, for which -EINVAL is right. */
const MISSING = /\b(?:could(?:n't| not)|can(?:'t|not)|failed to|unable to)\s+find\b|\bnot found\b|\bno such\b/i;

export const busyAsInvalid: Rule = {
  id: 'errno/busy-as-invalid',
  title: 'A busy condition is reported as -EINVAL',
  severity: 'warning',
  check(ctx) {
    const out: Finding[] = [];
    for (const a of ctx.analyses) {
      const cfg = ctx.engine.cfgs.get(a.fn.name);
      if (!cfg) continue;
      for (const b of cfg.blocks) {
        if (!b.reachable) continue;
        let message: string | undefined;
        let messageLine = 0;
        for (const item of b.items) {
          const node = item.kind === 'stmt' ? item.node : item.kind === 'return' ? item.node : null;
          if (!node) continue;
          walk(node, (n: SNode) => {
            if (n.type === 'call_expression' && ctx.engine.knowledge.calls.logging.has(calleeName(a.file, n) ?? '')) {
              const text = a.file.text.slice(n.start, n.end);
              if (BUSY.test(text) && !NEGATED.test(text) && !MISSING.test(text)) {
                message = (/"((?:[^"\\]|\\.)*)"/.exec(text)?.[1] ?? text).replace(/\\n$/, '');
                messageLine = a.file.lines.line(n.start);
              }
            }
            return true;
          });
          const src = a.file.text.slice(node.start, node.end);
          if (message && /-\s*EINVAL\b/.test(src)) {
            const line = a.file.lines.line(node.start);
            out.push(
              finding({
                rule: 'errno/busy-as-invalid',
                severity: 'warning',
                file: a.file.path,
                line,
                function: a.fn.name,
                message: `this error path says "${message}" but returns -EINVAL; the request is valid, the object is busy`,
                related: [{ file: a.file.path, line: messageLine, message: `the message says the object is busy or in use` }],
                suggestion: `Return -EBUSY here: ${src.trim().replace(/-\s*EINVAL\b/, '-EBUSY')}`,
              }),
            );
            message = undefined;
          }
        }
      }
    }
    return out;
  },
};
