/**
 * Simulate…: run a function of the active C document in the simulated
 * kernel over scenarios picked by dimension (or all), with a cancellable
 * progress notification; then show the selected run and its steps at the top,
 * a banner of coverage and assumptions, the runs grouped by outcome, and the
 * selected run as a sequence diagram. Steps move the editor along the lines.
 */
import * as vscode from 'vscode';
import {
  defaultMatrix, defaultRaces, simulateWithProgress, SimulationError, runSequence, buildProgram, groupRuns, scenarioGroups, summaryLines,
  type RunReport, type Scenario, type SimulationReport, type ParsedFile,
} from '../core';
import type { Diagram } from '../webview/protocol';
import type { LockflowContext } from './context';
import { functionAt } from './diagrams';
import { engineOptions } from './engineOptions';

/** Rows beyond this are summarised: a matrix has hundreds of runs, the interesting ones come first. */
const MAX_ROWS = 200;

export async function simulateCommand(ctx: LockflowContext, uri?: vscode.Uri, fnName?: string, scenarioName?: string): Promise<SimulationReport | undefined> {
  const doc = await ctx.targetDocument(uri);
  const file = doc && (await ctx.parse(doc));
  if (!doc || !file) return undefined;
  const fn = fnName ?? (await pickFunction(file));
  if (!fn) return undefined;
  const all = [...defaultMatrix(buildProgram([file]).model), ...defaultRaces()];
  const picked = scenarioName === undefined ? await pickScenarios(all) : { scenarios: scenarioName === '*' ? all : all.filter((s) => s.name === scenarioName), onlyFailing: false };
  if (!picked?.scenarios.length) return undefined;
  const { scenarios, onlyFailing } = picked;
  const report = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Lockflow: simulating ${fn}()`, cancellable: true },
    async (progress, token) => {
      let shown = 0;
      try {
        return await simulateWithProgress([file], { function: fn, scenarios, maxInterleavings: ctx.config.maxInterleavings, knowledge: engineOptions(ctx.config).knowledge }, (done, total) => {
          const now = Math.floor((100 * done) / total);
          progress.report({ increment: now - shown, message: `${done} of ${total} scenarios` });
          shown = now;
          return !token.isCancellationRequested;
        });
      } catch (e) {
        if (!(e instanceof SimulationError)) throw e;
        void vscode.window.showWarningMessage(`Lockflow: ${e.message}`);
        return undefined;
      }
    },
  );
  if (!report) return undefined;
  const runs = groupRuns(report.runs, onlyFailing);
  const show = (selected: number) => ctx.panels.show(simulationDiagram(report, runs, selected, scenarios, doc.uri.toString()), ctx.config.diagramTheme, show);
  show(0);
  return report;
}

async function pickFunction(file: ParsedFile): Promise<string | undefined> {
  const editor = vscode.window.activeTextEditor;
  const here = editor && editor.document.uri.fsPath === file.path ? functionAt(file, editor.selection.active.line + 1)?.name : undefined;
  const items = file.functions.map((f) => ({ label: f.name, description: `line ${f.line}`, picked: f.name === here }));
  items.sort((a, b) => Number(b.picked) - Number(a.picked));
  return (await vscode.window.showQuickPick(items, { title: 'Simulate: the function to run' }))?.label;
}

type ScenarioItem = vscode.QuickPickItem & { scenarios?: Scenario[]; onlyFailing?: boolean };

/** All, all with only the failing runs listed, or the scenarios of one value of one dimension (buffer, devices, owner, ...). */
async function pickScenarios(all: Scenario[]): Promise<{ scenarios: Scenario[]; onlyFailing: boolean } | undefined> {
  const items: ScenarioItem[] = [
    { label: 'All scenarios', description: `${all.length}: the store matrix and the races`, scenarios: all },
    { label: 'All scenarios, only failing runs listed', description: 'runs with a finding', scenarios: all, onlyFailing: true },
  ];
  let dimension = '';
  for (const g of scenarioGroups(all)) {
    if (g.dimension !== dimension) items.push({ label: (dimension = g.dimension), kind: vscode.QuickPickItemKind.Separator });
    items.push({ label: g.dimension === 'other' ? g.value : `${g.dimension}: ${g.value}`, description: `${g.scenarios.length} scenario${g.scenarios.length > 1 ? 's' : ''}`, scenarios: g.scenarios });
  }
  const pick = await vscode.window.showQuickPick(items, { title: 'Simulate: the scenarios', matchOnDescription: true });
  return pick?.scenarios ? { scenarios: pick.scenarios, onlyFailing: !!pick.onlyFailing } : undefined;
}

export function simulationDiagram(report: SimulationReport, grouped: ReturnType<typeof groupRuns>, selected: number, scenarios: Scenario[], uri: string): Diagram {
  const run: RunReport | undefined = grouped[selected]?.run;
  const threads = scenarios.find((s) => s.name === run?.scenario)?.threads.map((t) => t.name) ?? ['T0'];
  const rows = grouped.slice(0, MAX_ROWS).map(({ outcome, run: r }) => [outcome, r.scenario, r.result, r.violations.map((v) => `${v.rule}: ${v.message}`).join('; ') || 'none']);
  if (grouped.length > MAX_ROWS) rows.push(['', `… ${grouped.length - MAX_ROWS} more runs`, '', '']);
  // Every run as a sequence: a lifeline per thread and shared object, the stepper's step marked in it.
  const drawn = run ? runSequence(threads, run.trace, run.violations[0] ?? `${run.result}: no violation`) : undefined;
  return {
    kind: 'simulation',
    title: `Simulation of ${report.function}()`,
    mermaid: drawn?.text ?? 'sequenceDiagram\n  Note over T0: no runs',
    nodes: {},
    summary: [...(run ? [`selected: ${run.scenario}: ${run.result}`] : []), ...summaryLines(report)],
    table: { columns: ['Outcome', 'Scenario', 'Result', 'Violations'], rows, selected },
    // Line 0: the scenario's own call, not a line of the document.
    steps: (run?.trace ?? []).map((e, k) => ({ label: `[${e.thread}] ${e.line > 0 ? `${e.line}: ` : ''}${e.text}`, ref: e.line > 0 ? { uri, line: e.line } : undefined, mark: drawn?.marks[k] })),
  };
}
