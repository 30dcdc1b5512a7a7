import { tokenize, matchingClose, type Token } from './lexer';
import {
  IGNORED_ATTRIBUTES,
  LOCK_ANNOTATIONS,
  LOOP_DEFINE,
  LOOP_MACRO,
  DO_WHILE_MACRO,
  SCOPED_GUARD_MACROS,
  type LockAnnotationKind,
} from './kernelMacros';

/** An iterator macro rewritten into `while`: the loop node starts at `start`. */
export interface LoopMacro {
  macro: string;
  start: number;
  argsStart: number;
  argsEnd: number;
}

/** `scoped_guard(cls, args) { }` rewritten into `if`. */
export interface ScopedGuardMacro {
  macro: string;
  start: number;
  guardClass: string;
  /** Offsets of the lock arguments (after the class, and after the fail action). */
  args: Array<{ start: number; end: number }>;
  /** `scoped_cond_guard`'s fail action, in the original text. */
  fail: { start: number; end: number } | null;
}

export interface AnnotationMacro {
  kind: LockAnnotationKind;
  start: number;
  end: number;
  args: Array<{ start: number; end: number }>;
}

export interface Preprocessed {
  /** Same length as the input; every offset maps to itself. */
  text: string;
  loops: Map<number, LoopMacro>;
  scopedGuards: Map<number, ScopedGuardMacro>;
  annotations: AnnotationMacro[];
  /** Lines over MAX_LINE_LENGTH, made comments (1-based line, length): no kernel C has them, and one costs seconds. */
  longLines: Array<{ line: number; length: number }>;
}

/** The longest line read as C; longer ones (a 1 MB line of mail damage or data) become comments. */
export const MAX_LINE_LENGTH = 16 * 1024;

const ANNOTATIONS = new Set<string>(LOCK_ANNOTATIONS);
/** Tokens after which a statement can begin. */
const STATEMENT_BOUNDARY = new Set([';', '{', '}', ')', ':', 'else', 'do']);

/**
 * Rewrites kernel idioms into plain C of exactly the same length, line by
 * line, and records what was rewritten. Never throws.
 */
export function preprocessKernelC(original: string): Preprocessed {
  const { text: source, longLines } = blankLongLines(original);
  const directiveComments: Array<[number, number]> = [];
  const tokens = tokenize(source, directiveComments);
  // Edits as (offset, same-length text), applied once at the end: a char array per file was
  // the costliest step of parsing (split('') and join('') of every character).
  const edits: Array<{ at: number; text: string }> = [];
  const loops = new Map<number, LoopMacro>();
  const scopedGuards = new Map<number, ScopedGuardMacro>();
  const annotations: AnnotationMacro[] = [];

  const blank = (start: number, end: number) => {
    if (end > start) edits.push({ at: start, text: source.slice(start, end).replace(/[^\r\n]/g, ' ') });
  };
  // A comment in a directive's continued lines ends tree-sitter's directive early: blanked, as the compiler reads it.
  for (const [start, end] of directiveComments) blank(start, end);
  const replaceWord = (tok: Token, word: string) => {
    edits.push({ at: tok.start, text: word.slice(0, tok.end - tok.start).padEnd(tok.end - tok.start) });
  };

  // Loop macros by name, and those the file itself defines as a `for` loop.
  const definedLoops = new Set([...source.matchAll(LOOP_DEFINE)].map((m) => m[1]));
  const isLoop = (name: string) => LOOP_MACRO.test(name) || definedLoops.has(name);

  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i];
    if (tok.kind !== 'id') continue;
    const next = tokens[i + 1];
    const hasArgs = next !== undefined && next.text === '(' && next.kind === 'punct';
    const close = hasArgs ? matchingClose(tokens, i + 1) : -1;

    if (ANNOTATIONS.has(tok.text) && close > 0) {
      annotations.push({
        kind: tok.text as LockAnnotationKind,
        start: tok.start,
        end: tokens[close].end,
        args: splitArgs(tokens, i + 1, close),
      });
      blank(tok.start, tokens[close].end);
      i = close;
      continue;
    }
    if (IGNORED_ATTRIBUTES.has(tok.text)) {
      blank(tok.start, close > 0 ? tokens[close].end : tok.end);
      if (close > 0) i = close;
      continue;
    }
    // `list_first_entry(head, struct group_device, list)`: a type as a macro argument
    // becomes one identifier of the same length (`struct_group_device`).
    if (TAG_KEYWORDS.has(tok.text) && isMacroTypeArgument(source, tokens, i)) {
      edits.push({ at: tok.end, text: '_'.repeat(tokens[i + 1].start - tok.end) });
      i++;
      continue;
    }
    if (close < 0) continue;
    if (SYSCALL_DEFINE.test(tok.text) && tokens[close + 1]?.text === '{') {
      syscallHeader(tokens, i, close, replaceWord, edits);
      i = close;
      continue;
    }
    const prev = tokens[i - 1];
    if (DO_WHILE_MACRO.test(tok.text) && prev?.text === '}' && tokens[close + 1]?.text === ';') {
      replaceWord(tok, 'while');
      i = close;
      continue;
    }
    const atStatement = prev === undefined || STATEMENT_BOUNDARY.has(prev.text);
    const after = tokens[close + 1];
    if (!atStatement || after === undefined || after.text === ';' || after.text === ',') continue;

    if (isLoop(tok.text) && tok.text.length >= 'while'.length) {
      replaceWord(tok, 'while');
      loops.set(tok.start, {
        macro: tok.text,
        start: tok.start,
        argsStart: tokens[i + 1].end,
        argsEnd: tokens[close].start,
      });
      i = close;
      continue;
    }
    const scoped = SCOPED_GUARD_MACROS[tok.text];
    if (scoped) {
      const args = splitArgs(tokens, i + 1, close);
      if (args.length < 2) continue;
      replaceWord(tok, 'if');
      let fail: { start: number; end: number } | null = null;
      let lockArgs = args.slice(1);
      if (scoped.failArg && args.length >= 3) {
        fail = args[1];
        lockArgs = args.slice(2);
        // The fail action is a statement (`return -EINTR`); make it an expression of the same length.
        edits.push({ at: fail.start, text: '0' + source.slice(fail.start + 1, fail.end).replace(/[^\r\n]/g, ' ') });
      }
      scopedGuards.set(tok.start, {
        macro: tok.text,
        start: tok.start,
        guardClass: source.slice(args[0].start, args[0].end).trim(),
        args: lockArgs,
        fail,
      });
      // Arguments are parsed on; the statement after them is the guarded scope.
    }
  }
  return { text: applyEdits(source, edits), loops, scopedGuards, annotations, longLines };
}

/** `SYSCALL_DEFINE2(name, t1, a1, t2, a2) {`, `COMPAT_SYSCALL_DEFINEn(...)`: a function definition. */
const SYSCALL_DEFINE = /^(?:COMPAT_)?SYSCALL_DEFINE[1-6]$/;

/**
 * Rewrites a syscall definition's header in place as `long name(t1 a1, t2 a2)`:
 * the macro becomes the return type, the comma after the name the opening
 * parenthesis, and each comma between a type and its argument a blank.
 */
function syscallHeader(tokens: Token[], at: number, close: number, replaceWord: (tok: Token, word: string) => void, edits: Array<{ at: number; text: string }>): void {
  const commas: Token[] = [];
  let depth = 0;
  for (let k = at + 2; k < close; k++) {
    const t = tokens[k];
    if (t.kind !== 'punct') continue;
    if (t.text === '(' || t.text === '[') depth++;
    else if (t.text === ')' || t.text === ']') depth--;
    else if (t.text === ',' && depth === 0) commas.push(t);
  }
  if (!commas.length || commas.length % 2 === 1) return;
  replaceWord(tokens[at], 'long');
  edits.push({ at: tokens[at + 1].start, text: ' ' });
  commas.forEach((c, k) => {
    if (k === 0) edits.push({ at: c.start, text: '(' });
    else if (k % 2 === 1) edits.push({ at: c.start, text: ' ' });
  });
}

function blankLongLines(text: string): { text: string; longLines: Preprocessed['longLines'] } {
  const longLines: Preprocessed['longLines'] = [];
  const parts: string[] = [];
  let pos = 0;
  let kept = 0;
  for (let line = 1; pos <= text.length; line++) {
    const nl = text.indexOf('\n', pos);
    const end = nl < 0 ? text.length : nl;
    if (end - pos > MAX_LINE_LENGTH) {
      longLines.push({ line, length: end - pos });
      // A line comment of the same length: one token for both lexers (spaces are lexed one by one,
      // again on every error-recovery attempt), and harmless inside an enclosing block comment.
      parts.push(text.slice(kept, pos), '//'.padEnd(end - pos, ' '));
      kept = end;
    }
    if (nl < 0) break;
    pos = nl + 1;
  }
  if (!longLines.length) return { text, longLines };
  parts.push(text.slice(kept));
  return { text: parts.join(''), longLines };
}

/** Applies same-length edits in the order made (a later edit wins where two overlap). */
function applyEdits(source: string, edits: Array<{ at: number; text: string }>): string {
  // Edits that do not overlap give the same text in any order: in order, the text is copied in runs.
  const sorted = [...edits].sort((a, b) => a.at - b.at);
  const apart = sorted.every((e, k) => k === 0 || e.at >= sorted[k - 1].at + sorted[k - 1].text.length);
  if (!apart) {
    // Overlapping edits: the later one wins where they meet, character by character.
    const out = source.split('');
    for (const e of edits) for (let k = 0; k < e.text.length; k++) out[e.at + k] = e.text[k];
    return out.join('');
  }
  const parts: string[] = [];
  let pos = 0;
  for (const e of sorted) {
    parts.push(source.slice(pos, e.at), e.text);
    pos = e.at + e.text.length;
  }
  parts.push(source.slice(pos));
  return parts.join('');
}

const TAG_KEYWORDS = new Set(['struct', 'union', 'enum']);

function isMacroTypeArgument(source: string, tokens: Token[], i: number): boolean {
  const prev = tokens[i - 1];
  const name = tokens[i + 1];
  const after = tokens[i + 2];
  if (!prev || !name || !after || name.kind !== 'id') return false;
  if (prev.text !== '(' && prev.text !== ',') return false;
  if (after.text !== ',' && after.text !== ')') return false;
  // Only whitespace (no newline or comment) between the keyword and the name.
  return /^[ \t]+$/.test(source.slice(tokens[i].end, name.start));
}

/** Top-level comma-separated argument ranges between tokens[open] '(' and tokens[close] ')'. */
function splitArgs(tokens: Token[], open: number, close: number): Array<{ start: number; end: number }> {
  const args: Array<{ start: number; end: number }> = [];
  let depth = 0;
  let argStart = -1;
  let argEnd = -1;
  for (let k = open + 1; k < close; k++) {
    const t = tokens[k];
    if (t.kind === 'punct' && (t.text === '(' || t.text === '[' || t.text === '{')) depth++;
    if (t.kind === 'punct' && (t.text === ')' || t.text === ']' || t.text === '}')) depth--;
    if (depth === 0 && t.kind === 'punct' && t.text === ',') {
      if (argStart >= 0) args.push({ start: argStart, end: argEnd });
      argStart = -1;
      continue;
    }
    if (argStart < 0) argStart = t.start;
    argEnd = t.end;
  }
  if (argStart >= 0) args.push({ start: argStart, end: argEnd });
  return args;
}
