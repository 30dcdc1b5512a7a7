/**
 * api/redundant-parameter: a parameter that every call site passes as an
 * expression of another argument (`prev_dom` is always `group->default_domain`).
 */
import { canon } from '../../locks/identity';
import type { CallSiteRecord, FunctionAnalysis } from '../../locks/explore';
import { finding, type Rule } from '../context';
import type { Finding } from '../types';

export const redundantParameter: Rule = {
  id: 'api/redundant-parameter',
  title: 'A parameter can always be derived from another one',
  severity: 'info',
  check(ctx) {
    const out: Finding[] = [];
    // Call sites by callee, once: a scan of every site per callee made the rule quadratic in the tree's size.
    const byCallee = new Map<string, Array<{ a: FunctionAnalysis; s: CallSiteRecord }>>();
    for (const a of ctx.analyses) {
      for (const s of a.callSites) {
        if (!byCallee.has(s.callee)) byCallee.set(s.callee, []);
        byCallee.get(s.callee)!.push({ a, s });
      }
    }
    for (const callee of ctx.analyses) {
      const params = callee.fn.params;
      if (params.length < 2) continue;
      const sites = byCallee.get(callee.fn.name) ?? [];
      if (!sites.length) continue;
      params.forEach((p, i) => {
        for (let j = 0; j < params.length; j++) {
          if (j === i) continue;
          let suffix: string | undefined;
          let consistent = true;
          for (const { s } of sites) {
            const other = s.args[j] === undefined ? undefined : canon(s.args[j]);
            const value = s.argDefs[i] ?? (s.args[i] === undefined ? undefined : canon(s.args[i]));
            const rel = other && value && /^[A-Za-z_]\w*$/.test(other) && value.startsWith(other) ? value.slice(other.length) : undefined;
            if (!rel || !/^(?:->|\.)[A-Za-z_][\w>.-]*$/.test(rel) || (suffix !== undefined && rel !== suffix)) {
              consistent = false;
              break;
            }
            suffix = rel;
          }
          if (!consistent || !suffix) continue;
          const lines = [...new Set(sites.map(({ s }) => s.line))];
          const callers = [...new Set(sites.map(({ a }) => a.fn.name))];
          const expr = `${params[j].name}${suffix}`;
          out.push(
            finding({
              rule: 'api/redundant-parameter',
              severity: 'info',
              file: callee.file.path,
              line: callee.fn.line,
              function: callee.fn.name,
              message: `parameter '${p.name}' of ${callee.fn.name}() is always ${expr}: every call site (${lines.length}, in ${callers.map((c) => `${c}()`).join(', ')}) passes that`,
              related: sites.map(({ a, s }) => ({ file: a.file.path, line: s.line, message: `${a.fn.name}() passes ${s.args[i]}${s.argDefs[i] ? ` (= ${s.argDefs[i]})` : ''}` })),
              suggestion: `Drop the '${p.name}' parameter and read ${expr} inside ${callee.fn.name}(); one source of truth needs no sanity check.`,
            }),
          );
          break;
        }
      });
    }
    return out;
  },
};
