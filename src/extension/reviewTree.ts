/**
 * The "Lockflow Review" view: patch -> files -> findings, and for a mail the
 * reviewer's own remarks beside Lockflow's, each at its line. Against a base,
 * a file shows what the patch introduces first, then groups for what it fixes
 * and what was there before (collapsed unless lockflow.patch.preExistingFindings
 * is "full"). Selecting an item reveals its location.
 */
import * as vscode from 'vscode';
import { patchGroups, type Finding, type ReviewComment } from '../core';
import { patchedUri } from './patchSessions';
import type { ReviewUnit, ReviewUnits } from './reviewUnits';
import { baseName } from './baseName';
import { onDidChangeConfig, readConfig } from './config';

export type ReviewItem =
  | { kind: 'unit'; unit: ReviewUnit }
  | { kind: 'file'; unit: ReviewUnit; path: string }
  | { kind: 'finding'; unit: ReviewUnit; finding: Finding; uri?: vscode.Uri }
  | { kind: 'group'; unit: ReviewUnit; title: string; icon: string; findings: Finding[]; expanded: boolean; uri?: vscode.Uri }
  | { kind: 'remark'; unit: ReviewUnit; remark: ReviewComment; uri?: vscode.Uri; line?: number }
  /** A bound hit or a part not reviewed (a rejected hunk, a function seen in part): said, never hidden. */
  | { kind: 'limit'; unit: ReviewUnit; text: string }
  /** What the review of a patch stood on: the base each file was read from, repairs of mail damage. */
  | { kind: 'notice'; unit: ReviewUnit; text: string; detail?: string; icon: string };

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
    onDidChangeConfig(() => this.changed.fire());
  }

  getChildren(item?: ReviewItem): ReviewItem[] {
    if (!item) {
      // Patches first, the latest on top: a reviewed mail is what the reviewer is working on.
      const units = this.units.all();
      return [...units.filter((u) => u.patch).reverse().map((unit): ReviewItem => ({ kind: 'unit', unit })), ...units.filter((u) => !u.patch).flatMap((u) => this.files(u))];
    }
    if (item.kind === 'unit') {
      const general = item.unit.patch!.review.set.comments.filter((c) => !c.anchor && c.depth === 0).map((remark): ReviewItem => ({ kind: 'remark', unit: item.unit, remark }));
      // What was not reviewed (a rejected hunk) comes first: it qualifies all the rest.
      return [...this.limits(item.unit), ...this.notices(item.unit), ...this.files(item.unit), ...general];
    }
    if (item.kind === 'file') return [...this.fileChildren(item.unit, item.path), ...(item.unit.patch ? [] : this.limits(item.unit))];
    if (item.kind === 'group') return item.findings.map((finding) => ({ kind: 'finding', unit: item.unit, finding, uri: item.uri }));
    return [];
  }

  private limits(unit: ReviewUnit): ReviewItem[] {
    return unit.outcome.result.limits.map((text): ReviewItem => ({ kind: 'limit', unit, text }));
  }

  /** The base of each file (where it was read, or none: the hunks alone) and the mail's notices. */
  private notices(unit: ReviewUnit): ReviewItem[] {
    const session = unit.patch!;
    const bases = session.review.files.map((f): ReviewItem => {
      const uri = session.baseUris.get(f.path);
      const from = f.apply?.source ?? (uri ? vscode.workspace.asRelativePath(uri) : 'read');
      if (f.missing) return { kind: 'notice', unit, text: `${f.path}: no base`, detail: `${f.missing}; reviewed from the hunks alone`, icon: 'circle-slash' };
      if (f.baseText === undefined) return { kind: 'notice', unit, text: `${f.path}: hunks only`, detail: 'no base was read: the post-image is rebuilt from the hunks', icon: 'circle-slash' };
      const rejected = f.apply?.rejected ?? 0;
      return { kind: 'notice', unit, text: `${f.path}: base ${from}`, detail: rejected ? `${rejected} hunk(s) rejected` : 'every hunk applied', icon: rejected ? 'warning' : 'file-code' };
    });
    const mail = session.review.set.notices.filter((n) => n.severity !== 'info').map((n): ReviewItem => ({ kind: 'notice', unit, text: n.message, detail: `input line ${n.line}`, icon: n.severity === 'error' ? 'error' : 'warning' }));
    return [...bases, ...mail];
  }

  private files(unit: ReviewUnit): ReviewItem[] {
    const paths = unit.patch ? unit.patch.review.files.map((f) => f.path) : [...new Set([...unit.outcome.files.map((f) => f.path), ...unit.outcome.result.findings.map((f) => f.file)])];
    return paths.map((path) => ({ kind: 'file', unit, path }));
  }

  /** Findings and anchored remarks of one file, in line order; against a base, the patch's own findings first, then the groups. */
  private fileChildren(unit: ReviewUnit, path: string): ReviewItem[] {
    const inFile = unit.outcome.result.findings.filter((f) => f.file === path);
    const groups = unit.patch && patchGroups(inFile, unit.patch.review.fixed.filter((f) => f.file === path));
    const items: Array<ReviewItem & { line: number }> = (groups ? groups.introduced : inFile).map((finding) => ({ kind: 'finding', unit, finding, line: finding.line }));
    if (unit.patch) {
      for (const remark of unit.patch.review.set.comments) {
        const a = remark.anchor;
        if (!a || remark.depth !== 0 || a.file !== path || a.side !== 'new') continue;
        items.push({ kind: 'remark', unit, remark, uri: patchedUri(unit.patch.id, path), line: a.line });
      }
    }
    const sorted: ReviewItem[] = items.sort((a, b) => a.line - b.line);
    if (!groups) return sorted;
    const full = readConfig().preExistingFindings === 'full';
    const group = (title: string, icon: string, findings: Finding[], expanded: boolean, uri?: vscode.Uri): ReviewItem[] => (findings.length ? [{ kind: 'group', unit, title, icon, findings, expanded, uri }] : []);
    return [
      ...sorted,
      // Fixed findings are the base's: their lines are the base's lines.
      ...group('Fixed by this patch', 'pass', groups.fixed, true, unit.patch!.baseUris.get(path)),
      ...group('Pre-existing, in functions this patch changes', 'history', groups.preExistingChanged, full),
      ...group('Pre-existing, elsewhere in the file', 'history', groups.preExistingElsewhere, full),
    ];
  }

  getTreeItem(item: ReviewItem): vscode.TreeItem {
    switch (item.kind) {
      case 'unit': {
        const t = new vscode.TreeItem(item.unit.label, vscode.TreeItemCollapsibleState.Expanded);
        t.iconPath = new vscode.ThemeIcon('git-pull-request');
        const findings = item.unit.outcome.result.findings;
        const introduced = findings.filter((f) => f.patchStatus === 'introduced').length;
        const counted = findings.some((f) => f.patchStatus) ? `${introduced} introduced · ${findings.length - introduced} pre-existing` : `${findings.length} findings`;
        t.description = `${counted} · ${item.unit.patch!.review.set.comments.filter((c) => c.depth === 0).length} remarks`;
        return t;
      }
      case 'file': {
        const t = new vscode.TreeItem(baseName(item.path), vscode.TreeItemCollapsibleState.Expanded);
        t.description = item.unit.patch ? item.path : vscode.workspace.asRelativePath(item.path);
        t.iconPath = vscode.ThemeIcon.File;
        t.resourceUri = item.unit.uriOf(item.path);
        return t;
      }
      case 'group': {
        const t = new vscode.TreeItem(item.title, item.expanded ? vscode.TreeItemCollapsibleState.Expanded : vscode.TreeItemCollapsibleState.Collapsed);
        t.description = `${item.findings.length}`;
        t.iconPath = new vscode.ThemeIcon(item.icon);
        t.contextValue = 'lockflow.findingGroup';
        return t;
      }
      case 'finding': {
        const f = item.finding;
        const t = new vscode.TreeItem(`${f.line}: ${firstLine(f.message)}`);
        t.description = f.rule;
        t.tooltip = new vscode.MarkdownString().appendText(`${f.message}\n\n${f.suggestion}`);
        t.iconPath = new vscode.ThemeIcon(ICON[f.severity]);
        const uri = item.uri ?? (f.patchStatus === 'fixed' ? undefined : item.unit.uriOf(f.file));
        if (uri) t.command = open(uri, f.line);
        t.contextValue = 'lockflow.finding';
        return t;
      }
      case 'limit': {
        const t = new vscode.TreeItem(firstLine(item.text));
        t.description = 'not fully reviewed';
        t.tooltip = item.text;
        t.iconPath = new vscode.ThemeIcon('warning');
        t.contextValue = 'lockflow.limit';
        return t;
      }
      case 'notice': {
        const t = new vscode.TreeItem(firstLine(item.text));
        t.description = item.detail;
        t.tooltip = item.detail ? `${item.text}\n${item.detail}` : item.text;
        t.iconPath = new vscode.ThemeIcon(item.icon);
        t.contextValue = 'lockflow.notice';
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
