/**
 * A reviewer's reply often quotes a few lines of a function and no diff header: what reviewers
 * actually send. The quoted C is rebuilt as one hunk of a file named FRAGMENT_PATH, so it can be
 * parsed, reviewed and the remarks anchored to its lines; the review says only a fragment was seen.
 */
import type { QuotedLine } from './quote';

export const FRAGMENT_PATH = 'fragment.c';

/** At most this many quoted lines are rebuilt (a reply quoting a whole file is not a fragment). */
const MAX_FRAGMENT_LINES = 2000;

const DIFF_MARK = /^[+\- ]/;
const C_START = /^\s*(#\s*\w+|static\b|struct\b|union\b|enum\b|if\b|else\b|return\b|for\b|while\b|do\b|switch\b|case\b|default:|goto\b|break;|continue;|\w+:$|\/\*|\*\/|\*\s|\{|\})/;
/** A reviewer's mark for lines cut from the quote. */
const TRIM = /^\s*(\[\.\.\.\]|\[snip\]|<snip>|\.\.\.)\s*$/i;

/** A line that reads as C: ends a statement or block, or starts like one, or is indented with a tab. */
function looksLikeC(text: string, marked: boolean): boolean {
  const t = marked && DIFF_MARK.test(text) ? text.slice(1) : text;
  if (!t.trim()) return false;
  return /[;{}]\s*$/.test(t) || /\)\s*$/.test(t) || C_START.test(t) || /^\t/.test(t);
}

/**
 * The quoted lines as a diff of one new file: synthetic `---`/`+++`/`@@` lines, then the C span
 * (from its first line that reads as C to its last), each with its diff mark; lines the quote had
 * removed (`-`) are left out by the hunk as usual. Undefined when the quote holds no C.
 */
export function fragmentStream(stream: QuotedLine[]): QuotedLine[] | undefined {
  const lines = stream.filter((l) => !TRIM.test(l.text));
  const code = lines.map((l) => looksLikeC(l.text, true));
  const first = code.indexOf(true);
  const last = code.lastIndexOf(true);
  if (first < 0) return undefined;
  const span = lines.slice(first, last + 1).slice(0, MAX_FRAGMENT_LINES);
  if (span.filter((l) => /[;{]\s*$/.test(l.text)).length < 2) return undefined;
  // Quoted diff lines carry a mark each (a context line's is a space before the code's own tab).
  const nonBlank = span.filter((l) => l.text.trim());
  const marked = nonBlank.filter((l) => /^[+-]/.test(l.text) || /^ (\t| {2,}|\S)/.test(l.text)).length >= 0.8 * nonBlank.length;
  // Mail strips a context line's lone space: an empty line inside a quoted diff is context.
  const body = span.map((l) => ({ ...l, text: marked ? (l.text === '' ? ' ' : l.text) : ` ${l.text}` }));
  const oldCount = body.filter((l) => l.text[0] !== '+').length;
  const newCount = body.filter((l) => l.text[0] !== '-').length;
  const at = (text: string): QuotedLine => ({ text, line: 0, depth: span[0].depth, prefix: 0 });
  return [at(`--- a/${FRAGMENT_PATH}`), at(`+++ b/${FRAGMENT_PATH}`), at(`@@ -1,${oldCount} +1,${newCount} @@`), ...body];
}
