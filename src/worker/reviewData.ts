/**
 * A core review outcome -> the plain ReviewData sent to the editor, and the one question the
 * editor asks of it that needs code: the locks held at a line. Type imports only.
 */
import type { LockState, ReviewOutcome } from '../core';
import type { FunctionLockLines, ReviewData } from './protocol';

export function toReviewData(outcome: ReviewOutcome): ReviewData {
  const lockLines: FunctionLockLines[] = [];
  for (const a of outcome.engine.analyses.values()) {
    const states: FunctionLockLines['states'] = [];
    for (const [line, st] of a.lines) if (st.may.size || st.must?.size) states.push([line, [...(st.must ?? [])], [...st.may]]);
    lockLines.push({ file: a.file.path, line: a.fn.line, endLine: a.fn.endLine, states });
  }
  return {
    result: outcome.result,
    flows: outcome.flows,
    lockLines,
    files: outcome.files.map((f) => ({ path: f.path, functions: f.functions.map((fn) => ({ name: fn.name, line: fn.line, endLine: fn.endLine })) })),
  };
}

/** As ReviewOutcome.lockStateAt: the first analysed function containing the line decides; outside every function, undefined. */
export function lockStateAt(data: ReviewData, file: string, line: number): LockState | undefined {
  const fn = data.lockLines.find((f) => f.file === file && f.line <= line && line <= f.endLine);
  if (!fn) return undefined;
  const st = fn.states.find(([l]) => l === line);
  return st ? { must: st[1], may: st[2] } : { must: [], may: [] };
}
