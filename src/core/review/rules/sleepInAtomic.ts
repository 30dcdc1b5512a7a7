/** lock/sleep-in-atomic: a sleeping lock or a GFP_KERNEL allocation under a spinlock, RCU, or with irqs/preemption off. */
import { finding, toTrace, type Rule } from '../context';

export const sleepInAtomic: Rule = {
  id: 'lock/sleep-in-atomic',
  title: 'Something that may sleep runs in atomic context',
  severity: 'error',
  check(ctx) {
    return ctx.analyses.flatMap((a) =>
      a.sleeps.map((inc) =>
        finding({
          rule: 'lock/sleep-in-atomic',
          severity: 'error',
          file: a.file.path,
          line: inc.line,
          function: a.fn.name,
          message: inc.message,
          related: inc.firstLine ? [{ file: a.file.path, line: inc.firstLine, message: `atomic context begins: ${inc.lock} taken` }] : [],
          trace: toTrace(inc.events, a.file.path),
          suggestion: /GFP_KERNEL/.test(inc.message)
            ? `Allocate with GFP_ATOMIC here, or move the allocation before ${inc.lock} is taken.`
            : `Move this out of the section that holds ${inc.lock}, or use a sleeping lock for ${inc.lock}.`,
        }),
      ),
    );
  },
};
