import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { InputError } from '../core/input/validate';
import { orMissing, readInside, readUserFile } from '../core/input/userFile';

const C_FILE = /\.[ch]$/;
const SKIP_DIRS = new Set(['.git', 'node_modules', '.pc']);

export interface InputFile {
  path: string;
  text: string;
}

/** Reads one file, with a clear message for what cannot be read; `within` confines it to a directory. */
export function readTextFile(path: string, within?: string): InputFile {
  return { path, text: readUserFile(path, within) };
}

/** True for an existing directory; false for anything else, missing included. */
export function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
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
    // A symlink in the tree that leads out of it is refused like a diff path that does.
    for (const f of found) out.push(readTextFile(f, p));
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
      // lstat: a symlinked directory is not followed (it could loop or leave the tree).
      const st = lstatSync(p);
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
    if (!dir) return orMissing(() => readUserFile(base));
    const got = readInside(base, path, '--base');
    return 'text' in got ? got.text : { missing: got.missing };
  };
}
