/**
 * The reviews the editor shows: one unit per reviewed C document and one
 * per reviewed patch. Diagnostics, the tree view, CodeLens and hovers all
 * read from here, so they always agree.
 */
import * as vscode from 'vscode';
import type { ReviewData } from '../worker/protocol';
import type { PatchSession } from './patchSessions';

export interface ReviewUnit {
  /** The document URI for a C file, `patch:<id>` for a patch. */
  key: string;
  label: string;
  outcome: ReviewData;
  /** Where a path of the outcome (finding.file, related.file) lives in the editor. */
  uriOf(path: string): vscode.Uri;
  /** The outcome's path for a document of this unit, if it belongs to it. */
  pathOf(uri: vscode.Uri): string | undefined;
  /** For a patch: what the tree shows above the files (remarks, notices). */
  patch?: PatchSession;
}

export class ReviewUnits implements vscode.Disposable {
  private readonly units = new Map<string, ReviewUnit>();
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;

  set(unit: ReviewUnit): void {
    this.units.set(unit.key, unit);
    this.changed.fire();
  }

  delete(key: string): void {
    if (this.units.delete(key)) this.changed.fire();
  }

  get(key: string): ReviewUnit | undefined {
    return this.units.get(key);
  }

  all(): ReviewUnit[] {
    return [...this.units.values()];
  }

  /** The unit a document belongs to, with the document's path in it. */
  forDocument(uri: vscode.Uri): { unit: ReviewUnit; path: string } | undefined {
    const own = this.units.get(uri.toString());
    const path = own?.pathOf(uri);
    if (own && path) return { unit: own, path };
    for (const unit of this.units.values()) {
      const p = unit.pathOf(uri);
      if (p) return { unit, path: p };
    }
    return undefined;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
