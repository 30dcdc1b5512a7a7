/**
 * lock/held-at-return: a lock held at some returns and not at others (a
 * `continue`, `break` or early return that skips the unlock), or never
 * released at all. Returns that differ only as a trylock's success and
 * failure (held exactly when returning 0, say) are a lock helper, not a bug.
 */
import type { FunctionAnalysis, PathEnd } from '../../locks/explore';
import { finding, linesPhrase, toTrace, type ReviewContext, type Rule } from '../context';
import type { Finding } from '../types';

const LOCK_HELPER_NAME = /lock|acquire|_get$|begin|enter|start/i;

const ERROR_CODE = /^-\s*(?:E[A-Z0-9]+|\d+)$/;

/**
 * Held exactly on the returns of one value class: a conditional lock
 * helper. Returning an error code with the lock held is never that.
 */
function splitsByReturnValue(held: PathEnd[], free: PathEnd[]): boolean {
  if (held.some((e) => ERROR_CODE.test(e.returnValue?.trim() ?? ''))) return false;
  return (['zero', 'nonzero'] as const).some((c) => held.every((e) => e.retClass === c) && free.every((e) => e.retClass !== c && e.retClass !== 'unknown'));
}

function annotated(a: FunctionAnalysis, kind: string, inst: string): boolean {
  return a.fn.annotations.some((x) => x.kind === kind && x.args[0]?.replace(/^&/, '').replace(/\s+/g, '') === inst);
}

export const heldAtReturn: Rule = {
  id: 'lock/held-at-return',
  title: 'A lock is held at some returns and not at others',
  severity: 'warning',
  check(ctx: ReviewContext) {
    const out: Finding[] = [];
    for (const a of ctx.analyses) {
      const insts = new Set<string>();
      for (const e of a.ends) for (const h of e.held) if (h.origin === 'acquired') insts.add(h.inst);
      for (const inst of insts) {
        const held = a.ends.filter((e) => e.held.some((h) => h.inst === inst));
        const free = a.ends.filter((e) => !e.held.some((h) => h.inst === inst));
        if (annotated(a, '__acquires', inst) || annotated(a, '__cond_acquires', inst)) continue;
        if (free.length && splitsByReturnValue(held, free)) continue;
        if (!free.length && LOCK_HELPER_NAME.test(a.fn.name)) continue;
        const taken = held[0].held.find((h) => h.inst === inst)!;
        const heldLines = held.map((e) => e.endLine);
        const freeLines = free.map((e) => e.endLine);
        const skip = held[0].events.find((e) => e.kind === 'branch' && /^(?:continue|break|goto )/.test(e.text));
        const message = free.length
          ? `${inst} (taken at line ${taken.line}) is still held at the return on ${linesPhrase(heldLines)}, but released at the return on ${linesPhrase(freeLines)}${skip ? `; the '${skip.text}' at line ${skip.line} skips the unlock` : ''}`
          : `${inst} (taken at line ${taken.line}) is never released: it is still held at every return (${linesPhrase(heldLines)})`;
        out.push(
          finding({
            rule: 'lock/held-at-return',
            severity: 'warning',
            file: a.file.path,
            line: heldLines[0],
            function: a.fn.name,
            message,
            related: [
              { file: a.file.path, line: taken.line, message: `${inst} taken here` },
              ...held.slice(1).map((e) => ({ file: a.file.path, line: e.endLine, message: `returns with ${inst} held` })),
              ...free.map((e) => ({ file: a.file.path, line: e.endLine, message: `returns with ${inst} released` })),
            ],
            trace: toTrace(held[0].events, a.file.path),
            suggestion: skip
              ? `Release ${inst} before the '${skip.text}' at line ${skip.line}, or jump to the unlock instead.`
              : `Release ${inst} on the path that returns at line ${heldLines[0]}, for example with a goto to the common unlock label${free.length ? ` used by the return at line ${freeLines[0]}` : ''}.`,
          }),
        );
      }
    }
    return out;
  },
};
