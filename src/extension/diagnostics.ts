/** Findings -> Problems: source 'lockflow', code = rule id, evidence as related information. */
import * as vscode from 'vscode';
import { patchStatusPhrase, type Finding, type Severity, type SyntaxDiagnostic } from '../core';
import type { ReviewUnit, ReviewUnits } from './reviewUnits';
import { onDidChangeConfig, readConfig } from './config';

export const SOURCE = 'lockflow';

const SEVERITY: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

function lineRange(line: number, endLine = line): vscode.Range {
  // Whole lines: the document may not be open, so columns are not known here.
  return new vscode.Range(Math.max(0, line - 1), 0, Math.max(0, endLine - 1), Number.MAX_SAFE_INTEGER);
}

/** `folded`: a patch review's pre-existing findings are hints, so Problems leads with what the patch did. */
export function findingDiagnostic(f: Finding, unit: ReviewUnit, preExisting: 'folded' | 'full'): vscode.Diagnostic {
  const severity = f.patchStatus === 'pre-existing' && preExisting === 'folded' ? vscode.DiagnosticSeverity.Hint : SEVERITY[f.severity];
  const d = new vscode.Diagnostic(lineRange(f.line, f.endLine), f.patchStatus ? `${f.message} [${patchStatusPhrase(f)}]` : f.message, severity);
  d.source = SOURCE;
  d.code = f.rule;
  d.relatedInformation = f.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(unit.uriOf(r.file), lineRange(r.line)), r.message));
  return d;
}

function syntaxDiagnostic(s: SyntaxDiagnostic): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(s.line - 1, Math.max(0, s.column - 1), Math.max(0, s.endLine - 1), Number.MAX_SAFE_INTEGER), s.message, SEVERITY[s.severity]);
  d.source = SOURCE;
  d.code = 'syntax';
  return d;
}

/** Keeps the collection equal to the units: rebuilt whenever they or the settings change. */
export function publishDiagnostics(units: ReviewUnits, collection: vscode.DiagnosticCollection): vscode.Disposable {
  const publish = () => {
    const byUri = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    const add = (uri: vscode.Uri, d: vscode.Diagnostic) => {
      const entry = byUri.get(uri.toString()) ?? { uri, list: [] };
      entry.list.push(d);
      byUri.set(uri.toString(), entry);
    };
    const preExisting = readConfig().preExistingFindings;
    for (const unit of units.all()) {
      for (const f of unit.outcome.result.findings) add(unit.uriOf(f.file), findingDiagnostic(f, unit, preExisting));
      for (const s of unit.outcome.result.diagnostics) add(unit.uriOf(s.file), syntaxDiagnostic(s));
    }
    collection.clear();
    for (const { uri, list } of byUri.values()) collection.set(uri, list);
  };
  publish();
  return vscode.Disposable.from(units.onDidChange(publish), onDidChangeConfig(publish));
}
