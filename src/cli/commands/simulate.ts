import { parseFile, InputError, isPatchLike, readPatchInput, patchedFiles, loadScenarios, renderMermaid, renderText, simulate, ScenarioError, SimulationError, type ParsedFile, type Scenario } from '../../core';
import { baseReader, readKnowledgeFiles, readSeriesDirectory, readTextFile } from '../input';
import { json, oneOf, parseCommandArgs, wholeNumber, type Command } from '../command';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run the store function in a simulated kernel: default matrix, failure injection, store-vs-unplug interleavings',
  usage: 'lockflow simulate INPUT [--base PATH] [--function NAME] [--scenario FILE] [--max-steps N] [--max-interleavings N] [--knowledge FILE]... [--config CONFIG_X=y|n|m]... [--format text|json|mermaid]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      function: { type: 'string', short: 'f' },
      scenario: { type: 'string' },
      format: { type: 'string' },
      'max-steps': { type: 'string' },
      'max-interleavings': { type: 'string' },
      base: { type: 'string' },
      knowledge: { type: 'string', multiple: true },
      config: { type: 'string', multiple: true },
    });
    const format = oneOf(values.format, ['text', 'json', 'mermaid'] as const, 'text', '--format');
    if (positionals.length !== 1) throw new InputError('give exactly one INPUT: a C file, a patch or a mail that carries one');
    const input = readSeriesDirectory(positionals[0]) ?? readTextFile(positionals[0]);
    const { files, notes } = await filesOf(input.path, input.text, values.base);
    const scenarios = values.scenario === undefined ? undefined : readScenarios(values.scenario);
    let report;
    try {
      report = simulate(files, {
        function: values.function,
        scenarios,
        maxSteps: count(values['max-steps'], '--max-steps'),
        maxInterleavings: count(values['max-interleavings'], '--max-interleavings'),
        knowledge: readKnowledgeFiles(values.knowledge ?? []),
        config: configOptions(values.config ?? []),
      });
    } catch (e) {
      if (e instanceof SimulationError || e instanceof ScenarioError) throw new InputError(e.message);
      throw e;
    }
    report.limits.unshift(...notes);
    io.out(format === 'json' ? json(report) : format === 'mermaid' ? renderMermaid(report) : renderText(report));
    return 0;
  },
};

/**
 * A C file as it is; a patch or mail as the files it leaves: applied to `--base` when given (as
 * `review` does), else the post-image rebuilt from its hunks, where a function the hunks do not
 * show whole is marked partial. `notes`: what the simulation must say about the input (rejected
 * hunks, functions seen in part).
 */
async function filesOf(path: string, text: string, base: string | undefined): Promise<{ files: ParsedFile[]; notes: string[] }> {
  if (/\.[ch]$/.test(path) || !isPatchLike(text)) {
    if (base !== undefined) throw new InputError('--base goes with a patch or mail input');
    return { files: [await parseFile(path, text)], notes: [] };
  }
  const set = await readPatchInput(text, path);
  const readBase = base === undefined ? undefined : baseReader(base, set);
  const patched = await patchedFiles(set, readBase);
  if (!patched.parsed.length) throw new InputError(`${path}: the patch touches no C file`);
  const notes = [...patched.files.flatMap((f) => (f.missing ? [`${f.path}: ${f.missing}`] : [])), ...patched.limits];
  return { files: patched.parsed, notes };
}

/** `--config CONFIG_X=y`: the option fixed; the options not given are explored both ways. */
function configOptions(given: string[]): Record<string, 'y' | 'n' | 'm'> {
  const out: Record<string, 'y' | 'n' | 'm'> = {};
  for (const g of given) {
    const m = /^(CONFIG_\w+)=([ynm])$/.exec(g);
    if (!m) throw new InputError(`--config ${g}: give CONFIG_NAME=y, =n or =m`);
    out[m[1]] = m[2] as 'y' | 'n' | 'm';
  }
  return out;
}

function count(value: string | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  return wholeNumber(value, what, 1, 10_000_000);
}

function readScenarios(path: string): Scenario[] {
  const { text } = readTextFile(path);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    throw new InputError(`${path}: not JSON (${(e as Error).message})`);
  }
  try {
    return loadScenarios(data);
  } catch (e) {
    if (e instanceof ScenarioError) throw new InputError(`${path}: ${e.message}`);
    throw e;
  }
}
