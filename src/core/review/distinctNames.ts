/**
 * Inputs in a fixed order, and one function per definition. The engine keys
 * functions by name; two files' `static` helpers of one name are two
 * functions, so each is renamed `name@file` in its own file (its calls and
 * references there follow, through ParsedFile.renames). Two non-static
 * definitions of one name cannot both be linked: neither is analysed, calls
 * to the name are unknown calls, and a limit says so.
 */
import type { ParsedFile } from '../syntax';

export function withDistinctNames(files: ParsedFile[]): ParsedFile[] {
  const sorted = [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const definedIn = new Map<string, ParsedFile[]>();
  for (const f of sorted) for (const name of new Set(f.functions.map((fn) => fn.name))) definedIn.set(name, [...(definedIn.get(name) ?? []), f]);
  const shared = new Set([...definedIn].filter(([, where]) => where.length > 1).map(([name]) => name));
  if (!shared.size) return sorted;
  const label = fileLabels(sorted);
  return sorted.map((f) => {
    const mine = f.functions.filter((fn) => shared.has(fn.name));
    if (!mine.length) return f;
    const renames = new Map(f.renames ?? []);
    const limits: string[] = [];
    const functions = f.functions.flatMap((fn) => {
      if (!shared.has(fn.name)) return [fn];
      if (fn.isStatic) {
        const key = `${fn.name}@${label.get(f.path)}`;
        renames.set(fn.name, key);
        return [{ ...fn, name: key }];
      }
      limits.push(`${f.path}:${fn.line}: ${fn.name}() not analysed: ${definedIn.get(fn.name)!.map((d) => d.path).join(' and ')} each define a function of this name, and calls to it are treated as unknown`);
      return [];
    });
    return { ...f, functions, renames, limits: [...f.limits, ...limits] };
  });
}

/** The shortest name that tells each file apart: its base name, or its whole path when two share one. */
function fileLabels(files: ParsedFile[]): Map<string, string> {
  const base = (p: string) => p.split(/[\\/]/).pop() ?? p;
  const count = new Map<string, number>();
  for (const f of files) count.set(base(f.path), (count.get(base(f.path)) ?? 0) + 1);
  return new Map(files.map((f) => [f.path, count.get(base(f.path))! > 1 ? f.path : base(f.path)]));
}
