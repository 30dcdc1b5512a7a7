/**
 * The "Lockflow Review" view: patch -> files -> findings, and for a mail the
 * reviewer's own remarks beside Lockflow's, each at its line. Selecting an
 * item reveals its location.
 */
import * as vscode from 'vscode';
import type { Finding } from '../core/review';
import type { ReviewComment } from '../core/patch';
import { patchedUri } from './patchSessions';
import type { ReviewUnit, ReviewUnits } from './reviewUnits';
import { baseName } from './baseName';

export type ReviewItem =
  | { kind: 'unit'; unit: ReviewUnit }
  | { kind: 'file'; unit: ReviewUnit; path: string }
  | { kind: 'finding'; unit: ReviewUnit; finding: Finding }
  | { kind: 'remark'; unit: ReviewUnit; remark: ReviewComment; uri?: vscode.Uri; line?: number };

const ICON = { error: 'error', warning: 'warning', info: 'info' } as const;

function firstLine(text: string, max = 90): string {
  const one = text.trim().split('\n')[0] ?? '';
  return one.length > max ? one.slice(0, max - 1) + '…' : one;
}

function open(uri: vscode.Uri, line: number): vscode.Command {
  const at = new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, line - 1), 0);
  return { title: 'Reveal', command: 'vscode.open', arguments: [uri, { selection: at, preserveFocus: false }] };
}

export class ReviewTree implements vscode.TreeDataProvider<ReviewItem> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(private readonly units: ReviewUnits) {
    units.onDidChange(() => this.changed.fire());
  }

  getChildren(item?: ReviewItem): ReviewItem[] {
    if (!item) {
      // Patches first: a reviewed mail is what the reviewer is working on.
      const units = this.units.all();
      return [...units.filter((u) => u.patch).map((unit): ReviewItem => ({ kind: 'unit', unit })), ...units.filter((u) => !u.patch).flatMap((u) => this.files(u))];
    }
    if (item.kind === 'unit') {
      const general = item.unit.patch!.review.set.comments.filter((c) => !c.anchor && c.depth === 0).map((remark): ReviewItem => ({ kind: 'remark', unit: item.unit, remark }));
      return [...this.files(item.unit), ...general];
    }
    if (item.kind === 'file') return this.fileChildren(item.unit, item.path);
    return [];
  }

  private files(unit: ReviewUnit): ReviewItem[] {
    const paths = unit.patch ? unit.patch.review.files.map((f) => f.path) : [...new Set([...unit.outcome.files.map((f) => f.path), ...unit.outcome.result.findings.map((f) => f.file)])];
    return paths.map((path) => ({ kind: 'file', unit, path }));
  }

  /** Findings and anchored remarks of one file, in line order. */
  private fileChildren(unit: ReviewUnit, path: string): ReviewItem[] {
    const items: Array<ReviewItem & { line: number }> = unit.outcome.result.findings
      .filter((f) => f.file === path)
      .map((finding) => ({ kind: 'finding', unit, finding, line: finding.line }));
    if (unit.patch) {
      for (const remark of unit.patch.review.set.comments) {
        const a = remark.anchor;
        if (!a || remark.depth !== 0 || a.file !== path || a.side !== 'new') continue;
        items.push({ kind: 'remark', unit, remark, uri: patchedUri(unit.patch.id, path), line: a.line });
      }
    }
    return items.sort((a, b) => a.line - b.line);
  }

  getTreeItem(item: ReviewItem): vscode.TreeItem {
    switch (item.kind) {
      case 'unit': {
        const t = new vscode.TreeItem(item.unit.label, vscode.TreeItemCollapsibleState.Expanded);
        t.iconPath = new vscode.ThemeIcon('git-pull-request');
        t.description = `${item.unit.outcome.result.findings.length} findings · ${item.unit.patch!.review.set.comments.filter((c) => c.depth === 0).length} remarks`;
        return t;
      }
      case 'file': {
        const t = new vscode.TreeItem(baseName(item.path), vscode.TreeItemCollapsibleState.Expanded);
        t.description = item.unit.patch ? item.path : vscode.workspace.asRelativePath(item.path);
        t.iconPath = vscode.ThemeIcon.File;
        t.resourceUri = item.unit.uriOf(item.path);
        return t;
      }
      case 'finding': {
        const f = item.finding;
        const t = new vscode.TreeItem(`${f.line}: ${firstLine(f.message)}`);
        t.description = f.rule;
        t.tooltip = new vscode.MarkdownString().appendText(`${f.message}\n\n${f.suggestion}`);
        t.iconPath = new vscode.ThemeIcon(ICON[f.severity]);
        t.command = open(item.unit.uriOf(f.file), f.line);
        t.contextValue = 'lockflow.finding';
        return t;
      }
      case 'remark': {
        const r = item.remark;
        const t = new vscode.TreeItem(`${item.line ? `${item.line}: ` : ''}${firstLine(r.text)}`);
        t.description = r.author ? `${r.author} (reviewer)` : 'reviewer';
        t.tooltip = new vscode.MarkdownString().appendText(r.text);
        t.iconPath = new vscode.ThemeIcon('comment');
        if (item.uri && item.line) t.command = open(item.uri, item.line);
        t.contextValue = 'lockflow.remark';
        return t;
      }
    }
  }
}
