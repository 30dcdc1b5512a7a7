/**
 * Findings -> Problems: source 'lockflow', code = rule id, the range the call or
 * access the finding is about, evidence as related information (each place once).
 * Syntax notes go to the output channel, and to Problems only when asked.
 */
import * as vscode from 'vscode';
import { patchStatusPhrase, type Finding, type Severity, type SyntaxDiagnostic } from '../core';
import type { ReviewUnit, ReviewUnits } from './reviewUnits';
import { onDidChangeConfig, readConfig } from './config';
import { relatedOnce, syntaxInProblems } from './problemFilter';

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

/** The call or access on the anchor line when the core found it, else the whole lines. */
function findingRange(f: Finding): vscode.Range {
  if (f.column === undefined || f.endColumn === undefined) return lineRange(f.line, f.endLine);
  const endLine = Math.max(f.line, f.endLine) - 1;
  return new vscode.Range(f.line - 1, f.column - 1, endLine, endLine === f.line - 1 ? f.endColumn - 1 : Number.MAX_SAFE_INTEGER);
}

/** `folded`: a patch review's pre-existing findings are hints, so Problems leads with what the patch did. */
export function findingDiagnostic(f: Finding, unit: ReviewUnit, preExisting: 'folded' | 'full'): vscode.Diagnostic {
  const severity = f.patchStatus === 'pre-existing' && preExisting === 'folded' ? vscode.DiagnosticSeverity.Hint : SEVERITY[f.severity];
  const d = new vscode.Diagnostic(findingRange(f), f.patchStatus ? `${f.message} [${patchStatusPhrase(f)}]` : f.message, severity);
  d.source = SOURCE;
  d.code = f.rule;
  d.relatedInformation = relatedOnce(f.related).map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(unit.uriOf(r.file), lineRange(r.line)), r.message));
  return d;
}

function syntaxDiagnostic(s: SyntaxDiagnostic): vscode.Diagnostic {
  const d = new vscode.Diagnostic(new vscode.Range(s.line - 1, Math.max(0, s.column - 1), Math.max(0, s.endLine - 1), Number.MAX_SAFE_INTEGER), s.message, SEVERITY[s.severity]);
  d.source = SOURCE;
  d.code = 'syntax';
  return d;
}

/** Keeps the collection equal to the units: rebuilt whenever they or the settings change. Every syntax note is logged once. */
export function publishDiagnostics(units: ReviewUnits, collection: vscode.DiagnosticCollection, log: vscode.OutputChannel): vscode.Disposable {
  const logged = new Set<string>();
  const publish = () => {
    const byUri = new Map<string, { uri: vscode.Uri; list: vscode.Diagnostic[] }>();
    const add = (uri: vscode.Uri, d: vscode.Diagnostic) => {
      const entry = byUri.get(uri.toString()) ?? { uri, list: [] };
      entry.list.push(d);
      byUri.set(uri.toString(), entry);
    };
    const { preExistingFindings: preExisting, syntaxNotes } = readConfig();
    for (const unit of units.all()) {
      for (const f of unit.outcome.result.findings) add(unit.uriOf(f.file), findingDiagnostic(f, unit, preExisting));
      for (const s of unit.outcome.result.diagnostics) {
        const uri = unit.uriOf(s.file);
        const note = `${uri.toString()}:${s.line}:${s.column}: ${s.severity}: ${s.message}`;
        if (!logged.has(note)) {
          logged.add(note);
          log.appendLine(note);
        }
        if (syntaxInProblems(s, syntaxNotes)) add(uri, syntaxDiagnostic(s));
      }
    }
    collection.clear();
    for (const { uri, list } of byUri.values()) collection.set(uri, list);
  };
  publish();
  return vscode.Disposable.from(units.onDidChange(publish), onDidChangeConfig(publish));
}
