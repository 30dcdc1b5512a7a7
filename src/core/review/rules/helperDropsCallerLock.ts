/**
 * lock/helper-drops-caller-lock (a note): a call to a function that drops a
 * lock this function holds and takes it back before it returns. The lock is
 * held before and after the call, but not all along: what was checked under
 * it before the call may not hold after it. (lock/stale-after-relock follows
 * the pointers found before such a call.) It watches the walk's calls.
 */
import type { WatchedIncident, WatcherKind } from '../../locks/watch';
import { watchedFindings, type Rule } from '../context';

const ID = 'lock/helper-drops-caller-lock';

const dropWatcher: WatcherKind = {
  id: ID,
  create(fn) {
    const kept: WatchedIncident[] = [];
    return {
      calleeDrop(seen) {
        // Only a hold taken here: one held since our caller's call is our caller's to hear about (our summary says we drop it too).
        const hold = seen.held.find((h) => h.inst === seen.inst && !h.detached);
        if (hold?.origin !== 'acquired' || kept.some((k) => k.lock === seen.inst && k.variable === seen.callee)) return;
        kept.push({
          line: seen.line,
          lock: seen.inst,
          firstLine: hold.line,
          chain: seen.chain,
          variable: seen.callee,
          message: `${seen.callee}() drops ${seen.inst} and takes it again before it returns (${seen.chain.join(' -> ')}, line ${seen.calleeLine}); ${fn.name}() holds ${seen.inst} since line ${hold.line}, so what it checked under it before this call may have changed after it`,
          events: seen.events(),
        });
      },
      incidents: () => kept,
    };
  },
};

export const helperDropsCallerLock: Rule = {
  id: ID,
  title: 'A callee drops a lock the caller holds and takes it again',
  severity: 'info',
  watch: dropWatcher,
  check: (ctx) =>
    watchedFindings(ctx, ID, 'info', (inc, a) => ({
      subject: { lock: inc.lock, callee: inc.variable },
      related: inc.firstLine ? [{ file: a.file.path, line: inc.firstLine, message: `${inc.lock} taken here` }] : [],
      suggestion: `Re-check after the call whatever ${a.fn.name}() checked under ${inc.lock} before it, or say in ${inc.variable}()'s comment (and a lockdep_assert_held()) that it drops and re-takes ${inc.lock}.`,
    })),
};
