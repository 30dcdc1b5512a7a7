/** lock/double-acquire: a lock taken while already held, here or inside a callee or callback. */
import { finding, toTrace, type Rule } from '../context';

export const doubleAcquire: Rule = {
  id: 'lock/double-acquire',
  title: 'A lock is taken while already held',
  severity: 'error',
  check(ctx) {
    return ctx.analyses.flatMap((a) =>
      a.doubleAcquires.map((inc) =>
        finding({
          rule: 'lock/double-acquire',
          severity: 'error',
          file: a.file.path,
          line: inc.line,
          function: a.fn.name,
          message: inc.message,
          related: inc.firstLine ? [{ file: a.file.path, line: inc.firstLine, message: `${inc.lock} first taken here` }] : [],
          trace: toTrace(inc.events, a.file.path),
          suggestion: inc.chain?.length
            ? `Do not call ${inc.chain[0]}() with ${inc.lock} held, or give it a variant that expects the lock held (lockdep_assert_held()).`
            : `Release ${inc.lock} before taking it again, or remove the second acquisition.`,
        }),
      ),
    );
  },
};
