import type { SourceLine } from './mail';
import type { FilePatch, Hunk, HunkLine, LineKind, Notice } from './types';

/** Where a line of the (unquoted) patch text ended up. */
export type Loc =
  | { kind: 'message'; line: number }
  | { kind: 'diff'; file: string; newLine: number; oldLine: number; lineKind: LineKind };

export interface ParsedPatch {
  message: SourceLine[];
  files: FilePatch[];
  /** By input line. */
  locs: Map<number, Loc>;
}

/** The highest line a hunk may start at: a 16 MB file has no more lines, and the post-image is built up to it. */
export const MAX_HUNK_LINE = 2_000_000;

export const HUNK_HEADER = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@ ?(.*)$/;

function isFileHeader(stream: SourceLine[], i: number): boolean {
  return stream[i].text.startsWith('--- ') && (stream[i + 1]?.text.startsWith('+++ ') ?? false);
}

function isDiffStart(stream: SourceLine[], i: number): boolean {
  const t = stream[i].text;
  return t.startsWith('diff --git ') || isFileHeader(stream, i) || /^Index: \S/.test(t) || HUNK_HEADER.test(t);
}

/** Reads a commit message and the unified diff after it; repairs mail damage and says so in `notices`. */
export function parsePatchText(stream: SourceLine[], quoteDepth: number, notices: Notice[]): ParsedPatch {
  const locs = new Map<number, Loc>();
  let diffStart = stream.findIndex((_, i) => isDiffStart(stream, i));
  if (diffStart < 0) diffStart = stream.length;
  // format-patch puts "---" between the commit message and the diffstat.
  const sep = stream.slice(0, diffStart).map((l) => l.text).lastIndexOf('---');
  const message = trimBlank(stream.slice(0, sep >= 0 ? sep : diffStart));
  message.forEach((l, k) => locs.set(l.line, { kind: 'message', line: k + 1 }));

  const files: FilePatch[] = [];
  let file: FilePatch | null = null;
  const open = (oldPath: string, newPath: string, line: number): FilePatch => {
    file = { oldPath, newPath, index: null, isNew: false, isDeleted: false, binary: false, hunks: [], inputLine: line };
    files.push(file);
    return file;
  };
  for (let i = diffStart; i < stream.length; ) {
    const { text: t, line } = stream[i];
    let m: RegExpExecArray | null;
    if ((m = /^diff --git "?a\/(.+?)"? "?b\/(.+?)"?$/.exec(t))) {
      open(m[1], m[2], line);
    } else if (file && (m = /^index ([0-9a-f]+\.\.[0-9a-f]+)/.exec(t))) {
      (file as FilePatch).index = m[1];
    } else if (file && /^new file mode/.test(t)) {
      (file as FilePatch).isNew = true;
    } else if (file && /^deleted file mode/.test(t)) {
      (file as FilePatch).isDeleted = true;
    } else if (file && /^(Binary files .* differ|GIT binary patch)/.test(t)) {
      (file as FilePatch).binary = true;
    } else if (isFileHeader(stream, i)) {
      const oldPath = headerPath(t.slice(4));
      const newPath = headerPath(stream[i + 1].text.slice(4));
      const f: FilePatch = file && !(file as FilePatch).hunks.length ? file : open(oldPath, newPath, line);
      if (oldPath === '/dev/null') f.isNew = true;
      else f.oldPath = oldPath;
      if (newPath === '/dev/null') f.isDeleted = true;
      else f.newPath = newPath;
      if (f.isNew) f.oldPath = f.newPath;
      if (f.isDeleted) f.newPath = f.oldPath;
      i += 2;
      continue;
    } else if (HUNK_HEADER.test(t)) {
      const f: FilePatch = file ?? open('', '', line);
      const { hunk, next } = readHunk(stream, i, f, quoteDepth, notices);
      f.hunks.push(hunk);
      recordLocs(hunk, f.newPath, locs);
      i = next;
      continue;
    } else if (t === '-- ') {
      break; // the mail's signature
    }
    i++;
  }
  return { message, files, locs };
}

function headerPath(raw: string): string {
  const p = raw.split('\t')[0].trim().replace(/^"|"$/g, '');
  return p === '/dev/null' ? p : p.replace(/^[ab]\//, '');
}

function trimBlank(lines: SourceLine[]): SourceLine[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].text.trim() === '') a++;
  while (b > a && lines[b - 1].text.trim() === '') b--;
  return lines.slice(a, b);
}

interface Attempt {
  lines: HunkLine[];
  repairs: Notice[];
  next: number;
  oldLeft: number;
  newLeft: number;
}

function readHunk(stream: SourceLine[], at: number, file: FilePatch, quoteDepth: number, notices: Notice[]): { hunk: Hunk; next: number } {
  const m = HUNK_HEADER.exec(stream[at].text)!;
  const hunk: Hunk = {
    header: stream[at].text,
    oldStart: Number(m[1]),
    oldLines: m[2] === undefined ? 1 : Number(m[2]),
    newStart: Number(m[3]),
    newLines: m[4] === undefined ? 1 : Number(m[4]),
    section: m[5].trim(),
    lines: [],
    status: 'ok',
    inputLine: stream[at].line,
  };
  const ref = { file: file.newPath, index: file.hunks.length, header: hunk.header };
  if (Math.max(hunk.oldStart, hunk.newStart) > MAX_HUNK_LINE) {
    hunk.status = 'broken';
    hunk.problem = `it starts at line ${Math.max(hunk.oldStart, hunk.newStart)}, past the ${MAX_HUNK_LINE} lines Lockflow reads`;
    notices.push({ severity: 'error', line: hunk.inputLine, hunk: ref, message: `hunk ${hunk.header}: ${hunk.problem}` });
    return { hunk, next: at + 1 };
  }
  let got = attempt(stream, at, hunk, 0);
  // A mailer that joins two quoted lines leaves "} > +" behind: split only if that makes the counts hold.
  if ((got.oldLeft || got.newLeft) && quoteDepth > 0) {
    const split = attempt(stream, at, hunk, quoteDepth);
    if (!split.oldLeft && !split.newLeft) got = split;
  }
  hunk.lines = got.lines;
  if (got.oldLeft || got.newLeft) {
    const oldSeen = hunk.oldLines - got.oldLeft;
    const newSeen = hunk.newLines - got.newLeft;
    hunk.status = 'broken';
    hunk.problem = `the header announces -${hunk.oldLines} +${hunk.newLines} lines but only -${oldSeen} +${newSeen} follow (cut short, or damaged beyond a safe repair)`;
    notices.push({ severity: 'error', line: hunk.inputLine, hunk: ref, message: `hunk ${hunk.header}: ${hunk.problem}` });
    return { hunk, next: got.next };
  }
  const stuffed = unstuffContext(hunk);
  if (stuffed) got.repairs.push({ severity: 'warning', line: hunk.inputLine, message: `${stuffed} context lines carried an extra leading space (the mailer's space-stuffing); removed it` });
  for (const r of got.repairs) notices.push({ ...r, hunk: ref });
  if (got.repairs.length) hunk.status = 'repaired';
  return { hunk, next: got.next };
}

/** Reads hunk lines until the header's counts are met; with `splitDepth` > 0 also splits joined quoted lines. */
function attempt(stream: SourceLine[], at: number, hunk: Hunk, splitDepth: number): Attempt {
  const out: Attempt = { lines: [], repairs: [], next: at + 1, oldLeft: hunk.oldLines, newLeft: hunk.newLines };
  const joined = splitDepth ? new RegExp(`^(.*\\S)\\s+${'> ?'.repeat(splitDepth)}([ +-].*|)$`) : null;
  for (let j = at + 1; j < stream.length && (out.oldLeft > 0 || out.newLeft > 0); j++) {
    const { text, line } = stream[j];
    if (HUNK_HEADER.test(text) || text.startsWith('diff --git ') || isFileHeader(stream, j)) break;
    out.next = j + 1;
    if (text.startsWith('\\')) {
      if (out.lines.length) out.lines[out.lines.length - 1].noNewline = true;
      continue;
    }
    // Length cap: the joined-line pattern backtracks, and real joined lines are short.
    const j2 = text.length <= 2000 ? joined?.exec(text) : null;
    const parts = j2 ? [j2[1], j2[2]] : [text];
    if (j2) out.repairs.push({ severity: 'warning', line, message: `two quoted lines were joined into one ('${text.trim()}'); split them` });
    for (const p of parts) {
      if (p !== '' && !' +-'.includes(p[0])) {
        const prev = out.lines.at(-1);
        if (!prev || prev.kind === ' ' || parts.length > 1) return { ...out, next: j };
        // A long line the mailer wrapped: its tail arrives without a diff prefix.
        prev.text += ' ' + p;
        out.repairs.push({ severity: 'warning', line, message: `a wrapped line was rejoined to line ${prev.inputLine}` });
        continue;
      }
      const kind = (p === '' ? ' ' : p[0]) as LineKind;
      const fits = kind === ' ' ? out.oldLeft > 0 && out.newLeft > 0 : kind === '-' ? out.oldLeft > 0 : out.newLeft > 0;
      if (!fits) return { ...out, next: j };
      if (p === '') out.repairs.push({ severity: 'info', line, message: 'an empty line inside the hunk was read as a blank context line (its leading space was lost)' });
      out.lines.push({ kind, text: p.slice(1), inputLine: line });
      if (kind !== '+') out.oldLeft--;
      if (kind !== '-') out.newLeft--;
    }
  }
  return out;
}

/** format=flowed mailers add a space before lines that start with one; undo it when every context line shows it. */
function unstuffContext(hunk: Hunk): number {
  const context = hunk.lines.filter((l) => l.kind === ' ' && l.inputLine);
  const withText = context.filter((l) => l.text !== '');
  if (!withText.length || !withText.every((l) => l.text.startsWith(' '))) return 0;
  if (!withText.some((l) => /^ ($|[^ *])/.test(l.text))) return 0;
  for (const l of withText) l.text = l.text.slice(1);
  return withText.length;
}

function recordLocs(hunk: Hunk, file: string, locs: Map<number, Loc>): void {
  let oldLine = hunk.oldStart;
  let newLine = hunk.newStart;
  for (const l of hunk.lines) {
    locs.set(l.inputLine, { kind: 'diff', file, newLine, oldLine, lineKind: l.kind });
    if (l.kind !== '+') oldLine++;
    if (l.kind !== '-') newLine++;
  }
}
