/**
 * The tree the tools serve (`lockflow mcp --tree DIR`, or a workspace folder): every path an agent
 * names is resolved under its root and read through the one confined reader, so `..`, absolute
 * paths and symlinks out of the root are refused. Files are named by their path under the root.
 */
import { realpathSync, statSync } from 'node:fs';
import { relative, resolve, sep } from 'node:path';
import { listCFiles } from '../input/cFiles';
import { isInside, readUserFile } from '../input/userFile';
import { InputError } from '../input/validate';
import { parseFile } from '../syntax';

export interface SourceText {
  /** Under the root, with `/` (`drivers/iommu/iommu.c`): the identity results use. */
  path: string;
  text: string;
}

/** Most C files read for one answer (a directory's lock order, a search for a definition), and their total size. */
export const MAX_TREE_FILES = 400;
export const MAX_TREE_BYTES = 16 * 1024 * 1024;
/** Most files parsed to confirm a definition the search found by its text. */
const MAX_DEFINITION_CANDIDATES = 16;

export class ToolTree {
  readonly root: string;

  constructor(root: string) {
    let real: string;
    try {
      real = realpathSync(root);
    } catch {
      throw new InputError(`${root}: no such directory`);
    }
    if (!statSync(real).isDirectory()) throw new InputError(`${root} is not a directory`);
    this.root = real;
  }

  /** The absolute path of a path the agent gave, refused when it leaves the root (before anything is read). */
  resolve(path: string): string {
    const abs = resolve(this.root, path);
    if (!isInside(this.root, abs)) throw new InputError(`${path} is outside the tree (${this.root}); refused`);
    return abs;
  }

  /** `path` under the root, `/`-separated. */
  nameOf(abs: string): string {
    return relative(this.root, abs).split(sep).join('/') || '.';
  }

  read(path: string): SourceText {
    const abs = this.resolve(path);
    return { path: this.nameOf(abs), text: readUserFile(abs, this.root) };
  }

  isDirectory(path: string): boolean {
    try {
      return statSync(this.resolve(path)).isDirectory();
    } catch (e) {
      if (e instanceof InputError) throw e;
      return false;
    }
  }

  /** The C files of a directory under the root, bounded in number and bytes. */
  readDirectory(path: string): SourceText[] {
    const abs = this.resolve(path);
    // The directory's real path must stay inside too (a symlinked directory named directly).
    if (!isInside(this.root, realpathSync(abs))) throw new InputError(`${path} is outside the tree (${this.root}); refused`);
    const out: SourceText[] = [];
    let bytes = 0;
    for (const f of listCFiles(abs, MAX_TREE_FILES)) {
      const text = readUserFile(f, this.root);
      bytes += text.length;
      if (bytes > MAX_TREE_BYTES) throw new InputError(`${path} holds more than ${MAX_TREE_BYTES / 1048576} MB of C; give a smaller directory or one file`);
      out.push({ path: this.nameOf(f), text });
    }
    if (!out.length) throw new InputError(`${path}: no .c or .h files in this directory`);
    return out;
  }

  /** The C file that defines `name`: the one given, or found by searching the tree (bounded). */
  async definitionOf(name: string, file?: string): Promise<SourceText> {
    if (file !== undefined) {
      const source = this.read(file);
      const parsed = await parseFile(source.path, source.text);
      if (!parsed.functions.some((f) => f.name === name)) throw new InputError(`no function ${name}() is defined in ${source.path}`);
      return source;
    }
    // A definition starts at the line's first column (kernel style) and does not end in ';'.
    const head = new RegExp(`^(?![\\s#]).*\\b${name}\\s*\\((?![^\\n]*;\\s*$)`, 'm');
    let files: string[];
    try {
      files = listCFiles(this.root, MAX_TREE_FILES).filter((f) => f.endsWith('.c'));
    } catch (e) {
      if (e instanceof InputError) throw new InputError(`the tree is too big to search for ${name}() without an index; give 'file' (the C file that defines it)`);
      throw e;
    }
    const candidates = files
      .map((f) => ({ path: this.nameOf(f), text: readUserFile(f, this.root) }))
      .filter((s) => head.test(s.text))
      .slice(0, MAX_DEFINITION_CANDIDATES);
    const defining: SourceText[] = [];
    for (const c of candidates) if ((await parseFile(c.path, c.text)).functions.some((f) => f.name === name)) defining.push(c);
    if (!defining.length) throw new InputError(`no function ${name}() is defined in the tree's C files`);
    if (defining.length > 1) throw new InputError(`${name}() is defined in ${defining.map((d) => d.path).join(', ')}; give 'file'`);
    return defining[0];
  }
}
