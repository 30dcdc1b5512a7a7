/**
 * Parsed files per document version: a document is parsed once per version,
 * whoever asks (CodeLens, hover, diagrams, review). A small LRU bounds memory.
 */
import type * as vscode from 'vscode';
import { parseFile, type ParsedFile } from '../core/syntax';
import { rejectText } from '../core/input/validate';
import { baseName } from './baseName';

const CAPACITY = 24;

export class ParseCache {
  private readonly entries = new Map<string, { version: number; parsed: Promise<ParsedFile> }>();

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
    const parsed = why ? Promise.reject(new Error(why)) : parseFile(doc.uri.fsPath || doc.uri.path, text);
    parsed.catch(() => undefined); // callers see the rejection; the cache must not log it
    this.entries.set(key, { version: doc.version, parsed });
    while (this.entries.size > CAPACITY) this.entries.delete(this.entries.keys().next().value!);
    return parsed;
  }

  forget(uri: vscode.Uri): void {
    this.entries.delete(uri.toString());
  }
}
