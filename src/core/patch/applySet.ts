import { applyToBase } from './apply';
import type { ApplyResult, BaseRead, FilePatch, PatchSet } from './types';

/** The outcome for one file of one patch: applied (maybe with rejected hunks), or why no base was found. */
export type FileOutcome = ApplyResult | { missing: string };

/**
 * Applies a whole series in order, in memory: each patch sees the text the earlier ones left,
 * so part 2 of 3 lands where part 1 moved things. `readBase` returns a file's text from the base
 * (a file or a tree), or a string message in `{ missing }` form when it cannot.
 */
export function applyPatchSet(set: PatchSet, readBase: (path: string) => BaseRead): Map<FilePatch, FileOutcome> {
  const current = new Map<string, string>();
  const out = new Map<FilePatch, FileOutcome>();
  for (const p of set.patches) {
    for (const f of p.files) {
      const got = current.get(f.oldPath) ?? (f.isNew ? '' : readBase(f.oldPath));
      if (typeof got !== 'string' && 'missing' in got) {
        out.set(f, got);
        continue;
      }
      const r = applyToBase(f, baseText(got)!);
      if (typeof got !== 'string') {
        r.source = got.source;
        r.notices.unshift({ severity: 'info', line: f.inputLine, message: `${f.oldPath}: base: ${got.source}` });
      }
      out.set(f, r);
      // A later patch sees what applied of this one, as after `git apply --reject`.
      current.set(f.newPath, r.text);
    }
  }
  return out;
}

/** The text of a base read, or undefined when it could not be read. */
export function baseText(read: BaseRead): string | undefined {
  return typeof read === 'string' ? read : 'text' in read ? read.text : undefined;
}
