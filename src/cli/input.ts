import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError, listCFiles, rejectText, orMissing, readInside, readUserFile, preimageReader, revisionReader, parseKnowledgeText, type BaseRead, type KnowledgeDocument, type PatchSet } from '../core';

export interface InputFile {
  path: string;
  text: string;
}

/** Reads one file, with a clear message for what cannot be read; `within` confines it to a directory. */
export function readTextFile(path: string, within?: string): InputFile {
  return { path, text: readUserFile(path, within) };
}

const SERIES_FILE = /^\d{4}-.+\.(patch|diff)$/;

/**
 * A directory of `git format-patch` output (`0000-cover-letter.patch`, `0001-*.patch`, ...) as
 * one mbox, in file-name order; undefined when the directory has no such files.
 */
export function readSeriesDirectory(dir: string): InputFile | undefined {
  if (!isDirectory(dir)) return undefined;
  const names = readdirSync(dir).filter((n) => SERIES_FILE.test(n)).sort();
  if (!names.length) return undefined;
  const mails = names.map((n) => {
    const { text } = readTextFile(join(dir, n), dir);
    // Each message of an mbox starts with a "From " line and the one before ends with a blank line.
    const from = text.startsWith('From ') ? '' : 'From lockflow Mon Sep 17 00:00:00 2001\n';
    return from + text.replace(/\n*$/, '\n\n');
  });
  const text = mails.join('');
  const refused = rejectText(text, dir);
  if (refused) throw new InputError(refused);
  return { path: dir, text };
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

/**
 * Reads the files a patch touches from --base: a tree's directory (paths from the diff), one file
 * when the patch touches one, or a git revision (a commit, tag or branch of the repository here).
 * In a git work tree, the preimage blob a patch's `index` line names is read from the repository
 * when it is there, as `git am -3` does: the exact base, whatever the work tree holds now. A file
 * that cannot be read is reported to the caller, not fatal.
 */
export function baseReader(base: string, set: PatchSet): (path: string) => BaseRead {
  const paths = new Set(set.patches.flatMap((p) => p.files.map((f) => f.oldPath)));
  let dir = false;
  try {
    dir = statSync(base).isDirectory();
  } catch {
    // Not a path: a revision of the repository here (a commit, tag or branch).
    const atRevision = revisionReader(process.cwd(), base);
    if (!atRevision) throw new InputError(`--base ${base}: no such file or directory, nor a revision of a git repository here`);
    return atRevision;
  }
  if (!dir && paths.size > 1) throw new InputError(`--base ${base} is one file but the patch touches ${paths.size}; give the tree's directory`);
  if (!dir) return () => orMissing(() => readUserFile(base));
  const fromBlob = preimageReader(base, set.patches.flatMap((p) => p.files));
  return (path) => {
    const blob = fromBlob(path);
    if (blob) return blob;
    const got = readInside(base, path, '--base');
    return 'text' in got ? got.text : { missing: got.missing };
  };
}


/** `--knowledge FILE`s: kernel knowledge documents that extend the shipped one, each checked against its schema. */
export function readKnowledgeFiles(paths: readonly string[]): KnowledgeDocument[] | undefined {
  if (!paths.length) return undefined;
  return paths.map((p) => {
    const file = readTextFile(p);
    return parseKnowledgeText(file.text, file.path);
  });
}
