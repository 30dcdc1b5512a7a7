/** lock/double-acquire: a lock taken while already held, here or inside a callee or callback. */
import { incidentFindings, type Rule } from '../context';

export const doubleAcquire: Rule = {
  id: 'lock/double-acquire',
  title: 'A lock is taken while already held',
  severity: 'error',
  check: (ctx) =>
    incidentFindings(ctx, 'lock/double-acquire', 'error', (a) => a.doubleAcquires, (inc, a) => ({
      related: inc.firstLine ? [{ file: a.file.path, line: inc.firstLine, message: `${inc.lock} first taken here` }] : [],
      // Lockdep's picture of a recursive take: one CPU, the same lock twice (the same object, so no nesting notation helps).
      scenario: { cpus: 1, steps: [0, 0].map((cpu) => ({ cpu, lock: `&${inc.lock}` })) },
      suggestion: inc.chain?.length
        ? `Do not call ${inc.chain[0]}() with ${inc.lock} held, or give it a variant that expects the lock held (lockdep_assert_held()).`
        : `Release ${inc.lock} before taking it again, or remove the second acquisition.`,
    })),
};
