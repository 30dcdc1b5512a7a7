import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError, MAX_INPUT_BYTES, rejectText } from '../core/input/validate';

const C_FILE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

export interface InputFile {
  path: string;
  text: string;
}

/** Reads one file, with a clear message for what cannot be read. */
export function readTextFile(path: string): InputFile {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new InputError(`${path}: no such file or directory`);
  }
  if (st.isDirectory()) throw new InputError(`${path} is a directory; give a file`);
  if (st.size > MAX_INPUT_BYTES) throw new InputError(`${path} is ${(st.size / 1048576).toFixed(1)} MB; Lockflow reads at most ${MAX_INPUT_BYTES / 1048576} MB`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new InputError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  const why = rejectText(text, path);
  if (why) throw new InputError(why);
  return { path, text };
}

/** C files named on the command line, or found under the directories named. */
export function readCFiles(paths: string[]): InputFile[] {
  if (!paths.length) throw new InputError('no input: give a C file or a directory');
  const out: InputFile[] = [];
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      throw new InputError(`${p}: no such file or directory`);
    }
    if (!st.isDirectory()) {
      out.push(readTextFile(p));
      continue;
    }
    const found = listCFiles(p);
    if (!found.length) throw new InputError(`${p}: no .c or .h files in this directory`);
    for (const f of found) out.push(readTextFile(f));
  }
  return out;
}

function listCFiles(dir: string): string[] {
  const out: string[] = [];
  const stack = [dir];
  while (stack.length) {
    const d = stack.pop()!;
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) {
        if (!SKIP_DIRS.has(name)) stack.push(p);
      } else if (C_FILE.test(name)) out.push(p);
    }
  }
  return out.sort((a, b) => relative(dir, a).localeCompare(relative(dir, b)));
}

/**
 * Reads the files a patch touches from --base: a tree's directory (paths
 * from the diff), or one file when the patch touches one. A file that cannot
 * be read is reported to the caller, not fatal.
 */
export function baseReader(base: string, oldPaths: string[]): (path: string) => string | { missing: string } {
  let dir = false;
  try {
    dir = statSync(base).isDirectory();
  } catch {
    throw new InputError(`--base ${base}: no such file or directory`);
  }
  const paths = new Set(oldPaths);
  if (!dir && paths.size > 1) throw new InputError(`--base ${base} is one file but the patch touches ${paths.size}; give the tree's directory`);
  return (path) => {
    try {
      return readTextFile(dir ? join(base, path) : base).text;
    } catch (e) {
      if (e instanceof InputError) return { missing: e.message };
      throw e;
    }
  };
}
