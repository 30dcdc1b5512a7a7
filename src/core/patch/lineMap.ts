/** From a new-file line of a patch to the base's line: where a remark on the patched text sits in the base file. */
import type { FilePatch } from './types';

/**
 * The base line shown beside `newLine`: the line itself for context, the old line just above an added
 * line, and outside the hunks the line shifted by what the hunks before it added or removed.
 * `offsets` are how far each hunk applied from its header (ApplyResult.hunks[k].offset).
 */
export function baseLineOf(file: FilePatch, newLine: number, offsets: number[] = []): number {
  let shift = 0;
  for (const [k, h] of file.hunks.entries()) {
    const off = offsets[k] ?? 0;
    if (newLine < h.newStart) break;
    if (newLine < h.newStart + h.newLines) {
      let n = h.newStart;
      let o = h.oldStart + off;
      for (const l of h.lines) {
        if (l.kind === '-') {
          o++;
          continue;
        }
        if (n === newLine) return Math.max(1, l.kind === '+' ? o - 1 : o);
        if (l.kind === ' ') o++;
        n++;
      }
    }
    shift = h.oldStart + off + h.oldLines - (h.newStart + h.newLines);
  }
  return Math.max(1, newLine + shift);
}
