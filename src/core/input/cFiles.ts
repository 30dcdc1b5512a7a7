/** The C files under a directory, as the CLI and the agent tools list them: sorted, symlinked directories not followed. */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from './validate';

const C_FILE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

/** Every .c and .h file under `dir` (`links: false`: not the symlinked ones); with `max`, more than that many is an InputError (a tree too big to read whole). */
export function listCFiles(dir: string, max = Infinity, options: { links?: boolean } = {}): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    // The entries' own types (not followed): a symlinked directory is not walked into (it could loop or leave the tree).
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, entry.name);
      const type = entry.isSymbolicLink() || entry.isDirectory() || entry.isFile() ? entry : lstatSync(p);
      if (type.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name)) stack.push(p);
      } else if (C_FILE.test(entry.name) && (options.links !== false || !type.isSymbolicLink())) out.push(p);
      if (out.length > max) throw new InputError(`${dir} has more than ${max} C files; give a smaller directory or one file`);
    }
  }
  return out.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}
