import type { Loc } from './diff';
import type { QuotedLine, TextBlock } from './quote';
import type { ReviewComment } from './types';

/** Who wrote the text at each quote depth, from the mail's sender and "On ..., X wrote:" lines. */
export interface Voice {
  author: string | null;
  date: string | null;
}

const ATTRIBUTION = /^(?:On (.+),\s+)?([^,]+?)\s*(?:<[^>]*>|\([^)]*\))?\s+(?:wrote|writes):\s*$/;
const RANGE_START = /^-{2,}\s*(?:start|begin)\s*-{2,}$/i;
const RANGE_END = /^-{2,}\s*end\s*-{2,}$/i;
const CARETS = /^(\s*)(\^+)\s*$/;
const SIGN_OFF = /^((best|kind|warm)\s+)?regards,?$|^(thanks|thank you|cheers)[,.!]?$|^-- $/i;
const SNIP = /^\s*(\[\s*(\.\.\.|snip|…)\s*\]|<\s*snip\s*>|\.\.\.)\s*$/i;

/** Reads "On 5/29/20 3:23 AM, Jane Doe wrote:" (possibly wrapped over two lines). */
export function attribution(lines: string[]): Voice | null {
  for (let k = 0; k < lines.length; k++) {
    const one = lines[k].trim();
    const two = k + 1 < lines.length ? `${one} ${lines[k + 1].trim()}` : one;
    // Attributions are short; the cap keeps the pattern's backtracking cheap on long lines.
    for (const t of [one, two].filter((x) => x.length <= 300)) {
      const m = ATTRIBUTION.exec(t);
      if (m && m[2].split(/\s+/).length <= 6) return { author: m[2].replace(/^"|"$/g, ''), date: m[1] ?? null };
    }
  }
  return null;
}

/** Finds the speaker of each quote depth: depth 0 is the sender, depth d+1 is named by an attribution at depth d. */
export function voicesByDepth(lines: QuotedLine[], sender: Voice): Voice[] {
  const voices: Voice[] = [sender];
  const byDepth = new Map<number, string[]>();
  for (const l of lines) {
    if (!byDepth.has(l.depth)) byDepth.set(l.depth, []);
    byDepth.get(l.depth)!.push(l.text);
  }
  // Up to the deepest quote: a reply may quote only at depth 2 (`> > `) with no depth-1 line.
  const deepest = Math.max(0, ...byDepth.keys());
  for (let d = 0; d <= deepest; d++) {
    const v = attribution(byDepth.get(d) ?? []);
    voices[d + 1] = v ?? { author: null, date: null };
  }
  return voices;
}

/** Turns reviewer text blocks into remarks anchored to the quoted line each follows. */
export function remarksFrom(blocks: TextBlock[], locs: Map<number, Loc>, voices: Voice[], patch: number, prefixOf: Map<number, number>): ReviewComment[] {
  const out: ReviewComment[] = [];
  let rangeFrom: number | null = null;
  blocks.forEach((b, k) => {
    // Text before the first quote is greeting and attribution; text after the last is the sign-off.
    if (b.after === null) return;
    let lines = b.lines.map((l) => l.text);
    const last = b.before === null || blocks.slice(k + 1).every((x) => x.before === null);
    if (last) {
      const end = lines.findIndex((t) => SIGN_OFF.test(t.trim()));
      if (end >= 0) lines = lines.slice(0, end);
    }
    let marked: ReviewComment['marked'];
    const caret = CARETS.exec(lines[0] ?? '');
    if (caret) {
      const shift = prefixOf.get(b.after) ?? 0;
      marked = { start: Math.max(0, caret[1].length - shift), end: Math.max(0, caret[1].length + caret[2].length - shift) };
      lines = lines.slice(1);
    }
    let endsRange = false;
    lines = lines.filter((t) => {
      if (RANGE_START.test(t.trim())) {
        rangeFrom = b.before;
        return false;
      }
      if (RANGE_END.test(t.trim())) {
        endsRange = true;
        return false;
      }
      return !SNIP.test(t);
    });
    if (attribution(lines) && lines.filter((t) => t.trim()).length <= 2) return;
    const text = lines.join('\n').trim();
    if (!text || (last && isSignature(text, voices[b.depth]))) return;
    const loc = locs.get(b.after);
    const voice = voices[b.depth] ?? { author: null, date: null };
    const c: ReviewComment = { author: voice.author, date: voice.date, text, anchor: null, patch, depth: b.depth, inputLine: b.lines[0].line };
    if (loc?.kind === 'diff') c.anchor = { file: loc.file, line: loc.lineKind === '-' ? loc.oldLine : loc.newLine, side: loc.lineKind === '-' ? 'old' : 'new' };
    if (loc?.kind === 'message') c.commitMessageLine = loc.line;
    const from = rangeFrom !== null ? locs.get(rangeFrom) : undefined;
    if (endsRange && from?.kind === 'diff' && loc?.kind === 'diff') c.range = { file: loc.file, startLine: from.newLine, endLine: loc.newLine };
    if (endsRange) rangeFrom = null;
    if (marked) c.marked = marked;
    out.push(c);
  });
  return out;
}

/** A closing line that is only the writer's name ("Bo", "baolu"). */
function isSignature(text: string, voice: Voice | undefined): boolean {
  const first = voice?.author?.split(/\s+/)[0]?.toLowerCase();
  return !!first && !text.includes('\n') && text.toLowerCase().split(/\s+/)[0] === first && text.split(/\s+/).length <= 3;
}
