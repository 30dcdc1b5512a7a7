/**
 * Parsed files per document version: a document is parsed once per version,
 * whoever asks (CodeLens, hover, diagrams, review), and a new version reuses
 * the previous version's syntax tree for what the edit did not touch. A small
 * LRU bounds memory; trees are freed when their document leaves it.
 */
import type * as vscode from 'vscode';
import { IncrementalTree, parseFile, rejectText, type ParsedFile } from '../core';
import { baseName } from './baseName';

const CAPACITY = 24;

export class ParseCache {
  private readonly entries = new Map<string, { version: number; parsed: Promise<ParsedFile>; tree: IncrementalTree }>();

  /** The parsed document; rejects with a one-line reason for text Lockflow cannot read. */
  get(doc: vscode.TextDocument): Promise<ParsedFile> {
    const key = doc.uri.toString();
    const hit = this.entries.get(key);
    if (hit && hit.version === doc.version) {
      this.entries.delete(key); // re-insert: most recently used last
      this.entries.set(key, hit);
      return hit.parsed;
    }
    const text = doc.getText();
    const why = rejectText(text, baseName(doc.uri));
    const tree = hit?.tree ?? new IncrementalTree();
    // Versions of one document parse in order: each edit is relative to the tree the last one left.
    const previous = hit?.parsed.catch(() => undefined) ?? Promise.resolve();
    const parsed = why ? Promise.reject(new Error(why)) : previous.then(() => parseFile(doc.uri.fsPath || doc.uri.path, text, tree));
    parsed.catch(() => undefined); // callers see the rejection; the cache must not log it
    this.entries.delete(key);
    this.entries.set(key, { version: doc.version, parsed, tree });
    while (this.entries.size > CAPACITY) this.forgetKey(this.entries.keys().next().value!);
    return parsed;
  }

  forget(uri: vscode.Uri): void {
    this.forgetKey(uri.toString());
  }

  private forgetKey(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    void entry.parsed.catch(() => undefined).then(() => entry.tree.dispose());
  }
}
