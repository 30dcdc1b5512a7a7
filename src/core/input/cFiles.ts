/** The C files under a directory, as the CLI and the agent tools list them: sorted, symlinked directories not followed. */
import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from './validate';

const C_FILE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

/** Every .c and .h file under `dir`; with `max`, more than that many is an InputError (a tree too big to read whole). */
export function listCFiles(dir: string, max = Infinity): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      // lstat: a symlinked directory is not followed (it could loop or leave the tree).
      const st = lstatSync(p);
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) stack.push(p);
      } else if (C_FILE.test(name)) out.push(p);
      if (out.length > max) throw new InputError(`${dir} has more than ${max} C files; give a smaller directory or one file`);
    }
  }
  return out.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}
