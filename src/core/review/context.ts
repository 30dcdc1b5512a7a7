/** What every review rule reads: the engine's results and helpers to turn its evidence into findings. */
import type { WatchedIncident, WatcherKind } from '../locks/watch';
import type { EngineResult } from '../locks/engine';
import type { FunctionAnalysis, Incident } from '../locks/explore';
import { RETURNED, type LockRef } from '../locks/identity';
import type { LockEvent } from '../locks/api';
import type { Finding, RelatedLocation, RuleId, TraceStep } from './types';
import type { Severity } from '../syntax';

export interface ReviewContext {
  engine: EngineResult;
  analyses: FunctionAnalysis[];
}

export interface Rule {
  id: RuleId;
  title: string;
  severity: Severity;
  /** What it watches of every function's walk (its incidents are then `analysis.watched.get(id)`). */
  watch?: WatcherKind;
  /**
   * What makes two of its findings the same one (the fingerprint): by default the statement it
   * points at; `subject` for a finding about a whole function (one per function and subject),
   * which a patch adding or moving statements inside that function must not turn into a new one.
   */
  identity?: 'statement' | 'subject';
  check(ctx: ReviewContext): Finding[];
}

export function toTrace(events: LockEvent[], file: string): TraceStep[] {
  return events.map((e) => ({ file, line: e.line, event: e.text, held: e.held }));
}

/** A summary's lock in the function's own words: `$->mutex` of parameter `group` is `group->mutex`. */
export function refText(ref: LockRef, params: string[]): string {
  if (ref.param === null) return ref.path;
  if (ref.param === RETURNED) return ref.path.replace(/\$/g, '(returned)');
  return ref.path.replace(/\$/g, params[ref.param] ?? `$${ref.param}`);
}

/** A finding with empty evidence by default; its fingerprint is filled in by the engine once every rule has run. */
export function finding(base: Omit<Finding, 'endLine' | 'related' | 'trace' | 'suggestion' | 'fingerprint'> & Partial<Finding>): Finding {
  return { endLine: base.line, related: [], trace: [], suggestion: '', fingerprint: '', ...base };
}

/** `line 45` or `lines 45, 52 and 60`. */
export function linesPhrase(lines: number[]): string {
  return `${new Set(lines).size > 1 ? 'lines' : 'line'} ${lineList(lines)}`;
}

/** Lines joined for messages: `45, 52 and 60`. */
export function lineList(lines: number[]): string {
  const u = [...new Set(lines)].sort((a, b) => a - b).map(String);
  return u.length <= 1 ? (u[0] ?? '') : `${u.slice(0, -1).join(', ')} and ${u[u.length - 1]}`;
}

/** Findings straight from the engine's incidents of one kind: one each, with its path as the trace. */
export function incidentFindings<I extends Incident>(
  ctx: ReviewContext,
  rule: RuleId,
  severity: Severity,
  pick: (a: FunctionAnalysis) => I[],
  describe: (inc: I, a: FunctionAnalysis) => { subject?: Finding['subject']; related?: RelatedLocation[]; scenario?: Finding['scenario']; suggestion: string },
): Finding[] {
  return ctx.analyses.flatMap((a) =>
    pick(a).map((inc) =>
      finding({
        rule,
        severity: inc.severity ?? severity,
        file: a.file.path,
        line: inc.line,
        function: a.fn.name,
        message: inc.message,
        subject: { lock: inc.lock },
        trace: toTrace(inc.events, a.file.path),
        ...describe(inc, a),
      }),
    ),
  );
}

/** Findings from what a rule's watcher kept (locks/watch.ts), one per incident. */
export function watchedFindings(
  ctx: ReviewContext,
  rule: RuleId,
  severity: Severity,
  describe: (inc: WatchedIncident, a: FunctionAnalysis) => { subject?: Finding['subject']; related?: RelatedLocation[]; suggestion: string },
): Finding[] {
  return incidentFindings(ctx, rule, severity, (a) => a.watched.get(rule) ?? [], (inc, a) => ({
    related: (inc.related ?? []).map((r) => ({ file: a.file.path, ...r })),
    ...describe(inc, a),
  }));
}
