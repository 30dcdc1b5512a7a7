/** lock/sleep-in-atomic: a sleeping lock or a GFP_KERNEL allocation under a spinlock, RCU, or with irqs/preemption off. */
import { incidentFindings, type Rule } from '../context';

export const sleepInAtomic: Rule = {
  id: 'lock/sleep-in-atomic',
  title: 'Something that may sleep runs in atomic context',
  severity: 'error',
  check: (ctx) =>
    incidentFindings(ctx, 'lock/sleep-in-atomic', 'error', (a) => a.sleeps, (inc, a) => ({
      related: inc.firstLine ? [{ file: a.file.path, line: inc.firstLine, message: `atomic context begins: ${inc.lock} taken` }] : [],
      suggestion: /GFP_KERNEL/.test(inc.message)
        ? `Allocate with GFP_ATOMIC here, or move the allocation before ${inc.lock} is taken.`
        : `Move this out of the section that holds ${inc.lock}, or use a sleeping lock for ${inc.lock}.`,
    })),
};
