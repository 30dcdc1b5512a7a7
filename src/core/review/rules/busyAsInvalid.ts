/**
 * errno/busy-as-invalid: an error path whose message says busy, in use,
 * bound or assigned, but returns -EINVAL (the seed's "-EBUSY?" remark); not
 * when the message says what was asked for was not found, nor in a static
 * function whose every caller in view only tests its result for nonzero.
 */
import { field, operator, walk, type SNode } from '../../syntax';
import type { FunctionAnalysis } from '../../locks/explore';
import { calleeName } from '../../syntax/kernelIdioms';
import { finding, type ReviewContext, type Rule } from '../context';
import type { Finding } from '../types';

const BUSY = /\b(?:busy|in use|still bound|bound to|assigned|attached|owned|claimed|in progress)\b/i;
/** Said not to be so, or nothing there at all ("no camera attached": absent, for which -ENODEV, not -EBUSY, is the question). */
const NEGATED = /\b(?:(?:not|isn't|no longer|never|un)\s*|no\s+)(?:\w+\s+)?(?:busy|in use|bound|assigned|attached|owned|claimed)/i;
/** What was asked for is not there ("couldn't find reg_id ... rule is left attached", "assigned to non-existing port"): a miss, for which -EINVAL is right. */
const MISSING = /\b(?:could(?:n't| not)|can(?:'t|not)|failed to|unable to)\s+find\b|\bnot found\b|\bno such\b|\bnon-?exist(?:ing|ent)\b|\bdoes(?:n't| not) exist\b/i;

/**
 * A call whose value only decides a branch (`if (method_in_use(...))`) or becomes a truth
 * value (`!f()`, `f() && g()`): the caller asks yes or no, and which error code said yes is
 * not seen.
 */
function onlyTruthTested(call: SNode): boolean {
  for (let n = call; ; ) {
    const p = n.parent;
    if (!p) return false;
    if (p.type === 'condition_clause' || field(p, 'condition') === n) return true;
    const op = p.type === 'unary_expression' || p.type === 'binary_expression' ? operator(p) : undefined;
    if (op === '!' || op === '&&' || op === '||') return true;
    if (p.type !== 'parenthesized_expression') return false;
    n = p;
  }
}

/** A static function every caller in view only asks yes or no: its error codes never leave those tests. */
function codeNeverSeen(ctx: ReviewContext, a: FunctionAnalysis): boolean {
  if (!a.fn.isStatic) return false;
  const calls = ctx.engine.graph.callsTo(a.fn.name);
  return calls.length > 0 && calls.every((c) => c.kind === 'direct' && onlyTruthTested(c.node));
}

export const busyAsInvalid: Rule = {
  id: 'errno/busy-as-invalid',
  title: 'A busy condition is reported as -EINVAL',
  severity: 'warning',
  check(ctx) {
    const out: Finding[] = [];
    for (const a of ctx.analyses) {
      const cfg = ctx.engine.cfgs.get(a.fn.name);
      if (!cfg || codeNeverSeen(ctx, a)) continue;
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
