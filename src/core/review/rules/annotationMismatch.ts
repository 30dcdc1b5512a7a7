/** annotation/mismatch: a lock annotation (__must_hold, __releases, __acquires) that the code does not keep. */
import { finding, linesPhrase, toTrace, type Rule } from '../context';
import type { Finding } from '../types';

const bare = (s: string | undefined) => (s ?? '').replace(/^&/, '').replace(/\s+/g, '');

export const annotationMismatch: Rule = {
  id: 'annotation/mismatch',
  title: 'A lock annotation disagrees with the code',
  severity: 'warning',
  check(ctx) {
    const out: Finding[] = [];
    for (const a of ctx.analyses) {
      for (const ann of a.fn.annotations) {
        const inst = bare(ann.args[0]);
        if (!inst) continue;
        let bad: typeof a.ends = [];
        let says = '';
        if (ann.kind === '__must_hold' || ann.kind === 'lockdep_assert_held') {
          bad = a.ends.filter((e) => e.releasedCaller.has(inst));
          says = `is annotated ${ann.kind}(${ann.args[0]}) but releases it before returning`;
        } else if (ann.kind === '__releases' && !a.fn.annotations.some((x) => x.kind === '__acquires' && bare(x.args[0]) === inst)) {
          bad = a.ends.filter((e) => e.held.some((h) => h.inst === inst));
          says = `is annotated __releases(${ann.args[0]}) but returns with it held`;
        } else if (ann.kind === '__acquires') {
          bad = a.ends.filter((e) => !e.held.some((h) => h.inst === inst));
          says = `is annotated __acquires(${ann.args[0]}) but returns without it`;
        }
        if (!bad.length) continue;
        out.push(
          finding({
            rule: 'annotation/mismatch',
            severity: 'warning',
            file: a.file.path,
            line: bad[0].endLine,
            function: a.fn.name,
            message: `${a.fn.name}() ${says} (${linesPhrase(bad.map((e) => e.endLine))})`,
            related: [{ file: a.file.path, line: ann.line, message: `annotation ${ann.kind}(${ann.args[0]})` }],
            trace: toTrace(bad[0].events, a.file.path),
            suggestion: `Make every return keep the annotated contract, or correct the annotation.`,
          }),
        );
      }
    }
    return out;
  },
};
