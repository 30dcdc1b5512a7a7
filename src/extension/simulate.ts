/**
 * Simulate…: run a function of the active C document in the simulated
 * kernel (the default scenario matrix and races, or one scenario), then show
 * the runs as a table, the selected run as a sequence diagram, and its trace
 * as steps that move the editor along the interpreted lines.
 */
import * as vscode from 'vscode';
import { sequenceText, defaultMatrix, defaultRaces, simulate, SimulationError, sequenceDiagram, buildProgram, type RunReport, type Scenario, type SimulationReport, type ParsedFile } from '../core';
import type { Diagram } from '../webview/protocol';
import type { LockflowContext } from './context';
import { functionAt } from './diagrams';

/** Rows beyond this are summarised: a matrix has hundreds of runs, the interesting ones come first. */
const MAX_ROWS = 200;

export async function simulateCommand(ctx: LockflowContext, uri?: vscode.Uri, fnName?: string, scenarioName?: string): Promise<SimulationReport | undefined> {
  const doc = await ctx.targetDocument(uri);
  const file = doc && (await ctx.parse(doc));
  if (!doc || !file) return undefined;
  const fn = fnName ?? (await pickFunction(file));
  if (!fn) return undefined;
  const all = [...defaultMatrix(buildProgram([file]).model), ...defaultRaces()];
  const scenarios = scenarioName === undefined ? await pickScenarios(all) : scenarioName === '*' ? all : all.filter((s) => s.name === scenarioName);
  if (!scenarios?.length) return undefined;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Lockflow: simulating ${fn}()`, cancellable: true },
    async (_p, token) => {
      await new Promise((r) => setTimeout(r, 0)); // let the notification show before the synchronous run
      try {
        const r = simulate([file], { function: fn, scenarios, maxInterleavings: ctx.config.maxInterleavings });
        return token.isCancellationRequested ? undefined : r;
      } catch (e) {
        if (!(e instanceof SimulationError)) throw e;
        void vscode.window.showWarningMessage(`Lockflow: ${e.message}`);
        return undefined;
      }
    },
  );
  if (!report) return undefined;
  const runs = orderRuns(report.runs);
  const show = (selected: number) => ctx.panels.show(simulationDiagram(report, runs, selected, scenarios, doc.uri.toString()), ctx.config.diagramTheme, show);
  show(Math.max(0, runs.findIndex((r) => r.violations.length)));
  return report;
}

async function pickFunction(file: ParsedFile): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const here = editor && editor.document.uri.fsPath === file.path ? functionAt(file, editor.selection.active.line + 1)?.name : undefined;
  const items = file.functions.map((f) => ({ label: f.name, description: `line ${f.line}`, picked: f.name === here }));
  items.sort((a, b) => Number(b.picked) - Number(a.picked));
  return (await vscode.window.showQuickPick(items, { title: 'Simulate: the function to run' }))?.label;
}

async function pickScenarios(all: Scenario[]): Promise<Scenario[] | undefined> {
  const everything = { label: 'All scenarios', description: `${all.length}: the store matrix and the races` };
  const pick = await vscode.window.showQuickPick([everything, ...all.map((s) => ({ label: s.name, description: `${s.threads.length} thread${s.threads.length > 1 ? 's' : ''}` }))], { title: 'Simulate: the scenario' });
  if (!pick) return undefined;
  return pick === everything ? all : all.filter((s) => s.name === pick.label);
}

/** Runs with violations first, then by scenario. */
function orderRuns(runs: RunReport[]): RunReport[] {
  return [...runs].sort((a, b) => Number(!!b.violations.length) - Number(!!a.violations.length) || a.scenario.localeCompare(b.scenario));
}

export function simulationDiagram(report: SimulationReport, runs: RunReport[], selected: number, scenarios: Scenario[], uri: string): Diagram {
  const run = runs[selected];
  const threads = scenarios.find((s) => s.name === run?.scenario)?.threads.map((t) => t.name) ?? ['T0'];
  const rows = runs.slice(0, MAX_ROWS).map((r) => [r.scenario, r.result, r.violations.map((v) => `${v.rule}: ${v.message}`).join('; ') || '—']);
  if (runs.length > MAX_ROWS) {
    const bad = runs.slice(MAX_ROWS).filter((r) => r.violations.length).length;
    rows.push([`… ${runs.length - MAX_ROWS} more runs`, '', bad ? `${bad} with violations` : 'none with violations']);
  }
  const mermaid = run
    ? run.violations[0]
      ? sequenceDiagram(threads, run.trace, run.violations[0])
      : sequenceText({ participants: threads, items: [{ kind: 'note', over: [0], text: `${run.result}: no violation`, max: 120 }] })
    : 'sequenceDiagram\n  Note over T0: no runs';
  return {
    kind: 'simulation',
    title: `Simulation of ${report.function}()`,
    mermaid,
    nodes: {},
    table: { columns: ['Scenario', 'Result', 'Violations'], rows, selected },
    // Line 0: the scenario's own call, not a line of the document.
    steps: (run?.trace ?? []).map((e) => ({ label: `[${e.thread}] ${e.line > 0 ? `${e.line}: ` : ''}${e.text}`, ref: e.line > 0 ? { uri, line: e.line } : undefined })),
  };
}
