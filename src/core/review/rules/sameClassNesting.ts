/**
 * lock/same-class-nesting: a second lock of one class taken while another
 * instance of that class is held, with no `_nested()` subclass: not a
 * deadlock by itself (they are different objects), but lockdep reports it
 * as a possible recursive lock, and two threads nesting them in opposite
 * orders do deadlock.
 */
import { incidentFindings, type Rule } from '../context';

export const sameClassNesting: Rule = {
  id: 'lock/same-class-nesting',
  title: 'Two locks of one class are nested without a _nested() annotation',
  severity: 'warning',
  check: (ctx) =>
    incidentFindings(ctx, 'lock/same-class-nesting', 'warning', (a) => a.nestings, (inc, a) => ({
      related: inc.firstLine ? [{ file: a.file.path, line: inc.firstLine, message: `the other ${inc.lock.replace(/^.*?(->|\.)/, '')} taken here` }] : [],
      suggestion: `Take the inner lock with the _nested() variant (mutex_lock_nested(), spin_lock_nested() with SINGLE_DEPTH_NESTING) and keep one order between the two objects, for example by address or by hierarchy.`,
    })),
};
