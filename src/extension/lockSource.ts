/** The review behind a document, for CodeLens, hovers and inlay hints: its own, or its patch's. */
import * as vscode from 'vscode';
import type { ReviewData } from '../worker/protocol';
import type { FileReviewer } from './fileReviewer';
import type { ReviewUnits } from './reviewUnits';

export interface DocumentReview {
  outcome: ReviewData;
  /** The document's path inside the outcome. */
  path: string;
  /** Where a path of the outcome lives in the editor. */
  uriOf(path: string): vscode.Uri;
}

export type LockSource = (doc: vscode.TextDocument) => Promise<DocumentReview | undefined>;

export function lockSource(units: ReviewUnits, reviewer: FileReviewer): LockSource {
  return async (doc) => {
    const shown = units.forDocument(doc.uri);
    if (shown && shown.unit.patch) return { outcome: shown.unit.outcome, path: shown.path, uriOf: shown.unit.uriOf };
    const outcome = await reviewer.outcome(doc);
    const path = outcome?.files[0]?.path;
    if (!outcome || path === undefined) return undefined;
    return { outcome, path, uriOf: (p) => (p === path ? doc.uri : vscode.Uri.file(p)) };
  };
}
