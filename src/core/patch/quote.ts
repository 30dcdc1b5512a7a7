import type { SourceLine } from './mail';

/** A line's quote depth and its text without the quote marks. */
export interface QuotedLine extends SourceLine {
  depth: number;
  /** Characters of quote marks removed (for columns the reviewer marked with ^^^). */
  prefix: number;
}

/** Reviewer text between quotes: consecutive lines shallower than the quoted patch. */
export interface TextBlock {
  depth: number;
  lines: QuotedLine[];
  /** Input line of the last patch line before this block, or null when the block comes first. */
  after: number | null;
  /** Input line of the next patch line after it, or null at the end. */
  before: number | null;
}

const DIFF_START = /^(diff --git |@@ -\d|Index: \S)/;

/** Strips quote marks: each level is '>' and at most one following space. */
export function unquote(l: SourceLine): QuotedLine {
  const m = /^(?:> ?)+/.exec(l.text);
  if (!m) return { ...l, depth: 0, prefix: 0 };
  // "> >" and ">>" are both depth 2; one space after the last '>' belongs to the quote.
  const depth = (m[0].match(/>/g) ?? []).length;
  return { text: l.text.slice(m[0].length), line: l.line, depth, prefix: m[0].length };
}

/** The depth at which the body carries a diff: 0 for a patch mail, 1 for a reply quoting one, ... */
export function patchDepth(lines: QuotedLine[]): number | null {
  const hit = lines.find((l) => DIFF_START.test(l.text));
  return hit ? hit.depth : null;
}

/** Splits a body into the quoted patch (lines at `depth`) and the text around it. */
export function splitQuoted(lines: QuotedLine[], depth: number): { stream: QuotedLine[]; blocks: TextBlock[] } {
  const stream: QuotedLine[] = [];
  const blocks: TextBlock[] = [];
  let open: TextBlock | null = null;
  let pending: TextBlock[] = [];
  for (const l of lines) {
    if (l.depth >= depth) {
      // Deeper quotes inside the patch are not expected; keep them with the patch.
      stream.push(l.depth === depth ? l : { ...l, depth });
      for (const b of pending) b.before = l.line;
      pending = [];
      open = null;
      continue;
    }
    if (!open || open.depth !== l.depth) {
      open = { depth: l.depth, lines: [], after: stream.at(-1)?.line ?? null, before: null };
      blocks.push(open);
      pending.push(open);
    }
    open.lines.push(l);
  }
  return { stream, blocks };
}
