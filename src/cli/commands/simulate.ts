import { parseFile, type ParsedFile } from '../../core/syntax';
import { InputError } from '../../core/input/validate';
import { completeWithin, isPatchLike, postImageWithoutBase, readPatchInput, type FilePatch } from '../../core/patch';
import { loadScenarios, renderMermaid, renderText, simulate, ScenarioError, SimulationError, type Scenario } from '../../core/sim';
import { readTextFile } from '../input';
import { json, oneOf, parseCommandArgs, wholeNumber, type Command } from '../command';

export const simulateCommand: Command = {
  name: 'simulate',
  summary: 'run the store function in a simulated kernel: default matrix, failure injection, store-vs-unplug interleavings',
  usage: 'lockflow simulate INPUT [--function NAME] [--scenario FILE] [--max-steps N] [--max-interleavings N] [--format text|json|mermaid]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      function: { type: 'string', short: 'f' },
      scenario: { type: 'string' },
      format: { type: 'string' },
      'max-steps': { type: 'string' },
      'max-interleavings': { type: 'string' },
    });
    const format = oneOf(values.format, ['text', 'json', 'mermaid'] as const, 'text', '--format');
    if (positionals.length !== 1) throw new InputError('give exactly one INPUT: a C file, a patch or a mail that carries one');
    const input = readTextFile(positionals[0]);
    const files = await filesOf(input.path, input.text);
    const scenarios = values.scenario === undefined ? undefined : readScenarios(values.scenario);
    let report;
    try {
      report = simulate(files, {
        function: values.function,
        scenarios,
        maxSteps: count(values['max-steps'], '--max-steps'),
        maxInterleavings: count(values['max-interleavings'], '--max-interleavings'),
      });
    } catch (e) {
      if (e instanceof SimulationError || e instanceof ScenarioError) throw new InputError(e.message);
      throw e;
    }
    io.out(format === 'json' ? json(report) : format === 'mermaid' ? renderMermaid(report) : renderText(report));
    return 0;
  },
};

/**
 * A C file as it is; a patch or mail as the post-image of each C file it
 * touches (no base needed). In a series, later patches come first so their
 * version of a function is the one simulated.
 */
async function filesOf(path: string, text: string): Promise<ParsedFile[]> {
  if (/\.[ch]$/.test(path) || !isPatchLike(text)) return [await parseFile(path, text)];
  const set = await readPatchInput(text, path);
  const touched = set.patches
    .flatMap((p) => p.files)
    .filter((f) => /\.[ch]$/.test(f.newPath) && !f.isDeleted)
    .reverse();
  if (!touched.length) throw new InputError(`${path}: the patch touches no C file`);
  return Promise.all(touched.map(parsePostImage));
}

/** The hunks' post-image; a function the hunks do not show whole is marked partial. */
async function parsePostImage(f: FilePatch): Promise<ParsedFile> {
  const post = postImageWithoutBase(f);
  const file = await parseFile(f.newPath, post.text);
  for (const fn of file.functions) if (!completeWithin(post, fn.line, fn.endLine)) fn.partial = true;
  return file;
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
