/**
 * Inputs in a fixed order, and names defined in more than one file set aside. The engine keys
 * functions by bare name (until it keys them by file), so two files' `static` helpers of one name
 * would share one summary: the first file's wins and the other's callers get it, which made the
 * result depend on the order of the inputs (and gave false double-acquires). Neither definition
 * is analysed, calls to the name are unknown calls, and a limit says so.
 */
import type { ParsedFile } from '../syntax';

export function withoutAmbiguousNames(files: ParsedFile[]): ParsedFile[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const definedIn = new Map<string, string[]>();
  for (const f of sorted) for (const name of new Set(f.functions.map((fn) => fn.name))) definedIn.set(name, [...(definedIn.get(name) ?? []), f.path]);
  const ambiguous = new Set([...definedIn].filter(([, paths]) => paths.length > 1).map(([name]) => name));
  if (!ambiguous.size) return sorted;
  return sorted.map((f) => {
    const dropped = f.functions.filter((fn) => ambiguous.has(fn.name));
    if (!dropped.length) return f;
    const limits = dropped.map((fn) => `${f.path}:${fn.line}: ${fn.name}() not analysed: ${definedIn.get(fn.name)!.join(' and ')} each define a function of this name, and calls to it are treated as unknown`);
    return { ...f, functions: f.functions.filter((fn) => !ambiguous.has(fn.name)), limits: [...f.limits, ...limits] };
  });
}
