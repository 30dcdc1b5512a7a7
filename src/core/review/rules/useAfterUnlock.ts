/**
 * lock/use-after-unlock: a pointer found under a lock (from a list or object
 * the lock protects) used after the lock is dropped, with no reference taken.
 * Not told: an object that every removal of its type in view takes out of its
 * place under another lock the user holds across the use, or only in the one
 * serialised context the user runs in or once that context was stopped (a
 * queue's single consumer, and teardown after it: removals.ts).
 */
import { finding, toTrace, type Rule } from '../context';
import { pinnedByOuterLock, removedOnlyInOwnContext } from '../../locks/removals';

export const useAfterUnlock: Rule = {
  id: 'lock/use-after-unlock',
  title: 'A pointer found under a lock is used after the lock is dropped',
  severity: 'warning',
  check(ctx) {
    return ctx.analyses.flatMap((a) =>
      a.staleUses.filter((u) => !pinnedByOuterLock(ctx.engine, a.fn.name, u) && !removedOnlyInOwnContext(ctx.engine, a.fn.name, u.type)).map((u) =>
        finding({
          rule: 'lock/use-after-unlock',
          subject: { lock: u.lock, variable: u.variable },
          severity: 'warning',
          file: a.file.path,
          line: u.useLine,
          function: a.fn.name,
          message: `'${u.variable}' was found under ${u.lock} (line ${u.foundLine}) and is used at line ${u.useLine}, after ${u.lock} was released at line ${u.releaseLine}, with no reference held: the object may be freed in between`,
          related: [
            { file: a.file.path, line: u.foundLine, message: `'${u.variable}' found with ${u.lock} held` },
            { file: a.file.path, line: u.releaseLine, message: `${u.lock} released; nothing keeps '${u.variable}' alive` },
          ],
          trace: toTrace(u.events, a.file.path),
          suggestion: `Take a reference while ${u.lock} is held (for a device: get_device(${u.variable}) before the unlock, put_device(${u.variable}) when done), or keep ${u.lock} held until '${u.variable}' is no longer used.`,
        }),
      ),
    );
  },
};
