/** The C files under a directory, as the CLI and the agent tools list them: sorted, symlinked directories not followed. */
import { lstatSync, readdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import { InputError } from './validate';

const C_FILE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

/** Every .c and .h file under `dir` (`links: false`: not the symlinked ones); with `max`, more than that many is an InputError (a tree too big to read whole). */
export function listCFiles(dir: string, max = Infinity, options: { links?: boolean; sorted?: boolean } = {}): string[] {
  // Each path with its name below `dir`, made once: a whole kernel tree is 30,000 files, and path.join or
  // path.relative per file (or per comparison, in the sort) cost a second.
  const out: Array<{ path: string; rel: string }> = [];
  const stack = [{ path: join(dir), rel: '' }];
  while (stack.length) {
    const d = stack.pop()!;
    const prefix = d.path.endsWith(sep) ? d.path : d.path + sep;
    // The entries' own types (not followed): a symlinked directory is not walked into (it could loop or leave the tree).
    for (const entry of readdirSync(d.path, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = { path: prefix + entry.name, rel: d.rel ? d.rel + sep + entry.name : entry.name };
      const type = entry.isSymbolicLink() || entry.isDirectory() || entry.isFile() ? entry : lstatSync(p.path);
      if (type.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(p);
      } else if (C_FILE.test(entry.name) && (options.links !== false || !type.isSymbolicLink())) out.push(p);
      if (out.length > max) throw new InputError(`${dir} has more than ${max} C files; give a smaller directory or one file`);
    }
  }
  // A caller that orders them its own way need not pay for this order (a kernel tree: 100 ms).
  if (options.sorted === false) return out.map((p) => p.path);
  // As String.prototype.localeCompare of the names below `dir`, with one collator.
  const collator = new Intl.Collator();
  return out.sort((a, b) => collator.compare(a.rel, b.rel)).map((p) => p.path);
}
