/**
 * What a run of C lines leaves open at its end: a block comment, brackets, `#if` groups. A hunk
 * usually ends inside a function (its trailing context is the next function's header and `{`);
 * rebuilt without a base, that `{` would swallow every later hunk into one broken function. The
 * closers are written into the unknown lines after the hunk, so each hunk parses on its own.
 */

const OPENERS: Record<string, string> = { '{': '}', '(': ')', '[': ']' };
const CLOSERS = new Set(['}', ')', ']']);

export interface OpenConstructs {
  inComment: boolean;
  /** Closers for the brackets still open, innermost first. */
  brackets: string[];
  /** `#if`, `#ifdef` and `#ifndef` groups without their `#endif`. */
  conditionals: number;
}

export function openConstructs(lines: string[]): OpenConstructs {
  const stack: string[] = [];
  let inComment = false;
  let conditionals = 0;
  let continued = false;
  for (const line of lines) {
    // A directive (and its continuation lines) is not code: a `{` in a #define opens nothing.
    const directive: boolean = continued || (!inComment && /^\s*#/.test(line));
    continued = directive && /\\\s*$/.test(line);
    if (directive) {
      const d = /^\s*#\s*(\w+)/.exec(line)?.[1];
      if (d === 'if' || d === 'ifdef' || d === 'ifndef') conditionals++;
      else if (d === 'endif' && conditionals > 0) conditionals--;
      if (!inComment && line.includes('/*') && !line.slice(line.lastIndexOf('/*')).includes('*/')) inComment = true;
      continue;
    }
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (inComment) {
        if (c === '*' && line[i + 1] === '/') {
          inComment = false;
          i++;
        }
        continue;
      }
      if (c === '/' && line[i + 1] === '/') break;
      if (c === '/' && line[i + 1] === '*') {
        inComment = true;
        i++;
      } else if (c === '"' || c === "'") {
        i = literalEnd(line, i);
      } else if (OPENERS[c]) {
        stack.push(OPENERS[c]);
      } else if (CLOSERS.has(c)) {
        // A closer with nothing open belongs to code before the hunk: nothing to close for it.
        const k = stack.lastIndexOf(c);
        if (k >= 0) stack.length = k;
      }
    }
  }
  return { inComment, brackets: stack.reverse(), conditionals };
}

/** Index of the quote that ends the literal starting at `start` (or the line's end). */
function literalEnd(line: string, start: number): number {
  const q = line[start];
  for (let i = start + 1; i < line.length; i++) {
    if (line[i] === '\\') i++;
    else if (line[i] === q) return i;
  }
  return line.length;
}

/** The lines that close what is open, in order: at most `room` of them (what does not fit is dropped). */
export function closingLines(open: OpenConstructs, room: number): string[] {
  const first = `${open.inComment ? '*/ ' : ''}${open.brackets.join(' ')}`.trim();
  const out = first ? [first] : [];
  for (let i = 0; i < open.conditionals; i++) out.push('#endif');
  return out.slice(0, room);
}
