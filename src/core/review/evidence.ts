/**
 * Bounds on evidence: rules add a related location or a trace step per path, and a function with
 * thousands of paths would repeat the same step thousands of times (a 1.6 KB file gave 9 MB of
 * SARIF). Each distinct step is kept once with a count, and per-finding and total counts are capped.
 */
import type { Finding, RelatedLocation, TraceStep } from './types';

export const MAX_RELATED = 20;
export const MAX_TRACE = 100;
export const MAX_FINDINGS = 1000;

/** The findings with bounded evidence; what was cut becomes a limit. */
export function boundEvidence(findings: Finding[], limits: string[]): Finding[] {
  if (findings.length > MAX_FINDINGS) limits.push(`${findings.length - MAX_FINDINGS} findings beyond the first ${MAX_FINDINGS} are not listed`);
  return findings.slice(0, MAX_FINDINGS).map((f) => ({ ...f, related: boundRelated(f), trace: boundTrace(f.trace) }));
}

function boundRelated(f: Finding): RelatedLocation[] {
  const counts = new Map<string, { r: RelatedLocation; n: number }>();
  for (const r of f.related) {
    const key = `${r.file}|${r.line}|${r.message}`;
    const seen = counts.get(key);
    if (seen) seen.n++;
    else counts.set(key, { r, n: 1 });
  }
  const unique = [...counts.values()].map(({ r, n }) => (n > 1 ? { ...r, message: `${r.message} (on ${n} paths)` } : r));
  if (unique.length <= MAX_RELATED) return unique;
  const rest = unique.length - MAX_RELATED + 1;
  return [...unique.slice(0, MAX_RELATED - 1), { file: f.file, line: f.line, message: `${rest} more related locations not listed` }];
}

function boundTrace(trace: TraceStep[]): TraceStep[] {
  if (trace.length <= MAX_TRACE) return trace;
  const head = trace.slice(0, MAX_TRACE / 2);
  const tail = trace.slice(trace.length - MAX_TRACE / 2 + 1);
  const gap = trace.length - head.length - tail.length;
  return [...head, { ...head[head.length - 1], event: `... ${gap} steps not shown` }, ...tail];
}
