/**
 * A finding's stable identity: a short hash of its rule, file, function, subject and the text of
 * the statement it points at (left out for a rule whose findings are about a whole function).
 * Line numbers stay out, so a finding keeps its fingerprint when code above it moves;
 * de-duplication, patch review (introduced / fixed / pre-existing) and SARIF
 * `partialFingerprints` all compare findings by it.
 */
import { createHash } from 'node:crypto';
import type { ParsedFile } from '../syntax';
import type { Finding, FindingSubject } from './types';

interface FileLines {
  /** Normalised lines, 0-based. */
  lines: string[];
  /** Where each function starts, so a repeated statement is counted within its own function. */
  starts: Map<string, number>;
}

/**
 * The findings with their fingerprints, read from the files they are in. Findings of the rules in
 * `bySubject` are about a whole function: their statement stays out (see Rule.identity).
 */
export function withFingerprints(findings: Finding[], files: ParsedFile[], bySubject: ReadonlySet<string> = new Set()): Finding[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const cache = new Map<string, FileLines>();
  const linesOf = (path: string) => cache.get(path) ?? cache.set(path, fileLines(byPath.get(path))).get(path)!;
  return findings.map((f) => {
    if (f.subject && bySubject.has(f.rule)) return { ...f, fingerprint: fingerprint(f, '') };
    const { lines, starts } = linesOf(f.file);
    return { ...f, fingerprint: fingerprint(f, anchorOf(lines, starts.get(f.function) ?? 1, f.line)) };
  });
}

function fileLines(file: ParsedFile | undefined): FileLines {
  return { lines: (file?.text ?? '').split('\n').map(normalise), starts: new Map(file?.functions.map((fn) => [fn.name, fn.line])) };
}

function fingerprint(f: Finding, anchor: string): string {
  // Until every rule names its subject, the message (numbers aside, as they are mostly lines) tells
  // apart two findings of one rule at one statement, such as two locks held at one return.
  const subject = f.subject ? subjectText(f.subject) : `~${f.message.replace(/\d+/g, '#')}`;
  return createHash('sha1').update([f.rule, f.file, f.function, subject, anchor].join('\0')).digest('hex').slice(0, 16);
}

function subjectText(s: FindingSubject): string {
  return [s.lock ?? '', s.variable ?? '', s.callee ?? ''].join('|');
}

/**
 * The anchor statement's text (of normalised lines); when the same text comes earlier in the
 * function (two identical unlocks), its occurrence number keeps the two apart.
 */
function anchorOf(lines: string[], from: number, line: number): string {
  const text = lines[line - 1] ?? '';
  let earlier = 0;
  for (let l = Math.max(1, from); l < line; l++) if (lines[l - 1] === text) earlier++;
  return earlier ? `${text}#${earlier}` : text;
}

/** Whitespace collapsed: re-indenting or re-wrapping spaces does not change the statement. */
function normalise(line: string): string {
  return line.trim().replace(/\s+/g, ' ');
}
