import { closingLines, openConstructs } from './openConstructs';
import type { FilePatch, PostImage } from './types';

/**
 * The new file as far as the hunks show it; line N of `text` is new-file line N, unknown lines are
 * empty but for the first ones after each run of known lines, which close what that run left open
 * (a function whose header and `{` are a hunk's last context lines), so it does not swallow the next.
 */
export function postImageWithoutBase(file: FilePatch): PostImage {
  const lines: string[] = [];
  const known: PostImage['known'] = [];
  // In line order, whatever order the mail has them in: the runs of known lines are merged in order.
  for (const h of [...file.hunks].sort((a, b) => a.newStart - b.newStart)) {
    // Lines before the hunk are filled in: bounded because the parser keeps no line of a hunk starting past MAX_HUNK_LINE.
    let n = h.newStart;
    const first = n;
    for (const l of h.lines) {
      if (l.kind === '-') continue;
      while (lines.length < n - 1) lines.push('');
      lines[n - 1] = l.text;
      n++;
    }
    if (n > first) {
      const last = known.at(-1);
      if (last && last.endLine + 1 >= first) last.endLine = Math.max(last.endLine, n - 1);
      else known.push({ startLine: first, endLine: n - 1 });
    }
  }
  known.forEach((run, k) => {
    const next = known[k + 1]?.startLine ?? Infinity;
    const closers = closingLines(openConstructs(lines.slice(run.startLine - 1, run.endLine)), next - run.endLine - 1);
    closers.forEach((c, i) => (lines[run.endLine + i] = c));
  });
  return { text: lines.join('\n') + (lines.length ? '\n' : ''), known };
}

/** True when lines startLine..endLine all come from the hunks (a function there is complete, not partial). */
export function completeWithin(post: PostImage, startLine: number, endLine: number): boolean {
  return post.known.some((r) => r.startLine <= startLine && endLine <= r.endLine);
}
