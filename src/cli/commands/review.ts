import { reviewFiles, simulate, SimulationError, reviewPatch, isPatchLike, readPatchInput, InputError, gatedFindings, contextHeadersOf, treeOf, type ReviewOptions, type ReviewOutcome, type Finding, type ContextHeaders, RENDERERS, REVIEW_FORMATS, type SimulationReport, type PatchReviewOutcome, gitIdentity, TreeIndexReader } from '../../core';
import { reportScript } from '../assets';
import { baseReader, isDirectory, readCFiles, readKnowledgeFiles, readSeriesDirectory, readTextFile, type InputFile } from '../input';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { writeOutput } from '../output';

import { oneOf, parseCommandArgs, wholeNumber, type Command } from '../command';

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;
const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;
const SHOW = ['pre-existing'] as const;

/** The simulator's view for the reports, when the code has a function it can drive; otherwise none. */
function simulateQuietly(outcome: ReviewOutcome): SimulationReport | undefined {
  try {
    return simulate(outcome.files);
  } catch (e) {
    if (e instanceof SimulationError) return undefined;
    throw e;
  }
}

export const reviewCommand: Command = {
  name: 'review',
  summary: 'review C files, a directory, or a patch or mail: lock findings with their evidence',
  usage: 'lockflow review INPUT... [--base PATH|REV] [--format text|json|sarif|markdown|html|mail] [--output FILE] [--simulate] [--knowledge FILE]... [--fail-on error|warning|info|none] [--fail-on-pre-existing] [--show pre-existing] [--reviewed-by] [--max-paths N] [--time-budget SECONDS] [--tree DIR|auto] [--index DIR] [--no-index]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      base: { type: 'string' },
      format: { type: 'string' },
      knowledge: { type: 'string', multiple: true },
      // The older name of --knowledge, from when the file could only list lock functions.
      'lock-config': { type: 'string' },
      'fail-on': { type: 'string' },
      'max-paths': { type: 'string' },
      'time-budget': { type: 'string' },
      tree: { type: 'string' },
      index: { type: 'string' },
      'no-index': { type: 'boolean' },
      output: { type: 'string', short: 'o' },
      simulate: { type: 'boolean' },
      show: { type: 'string' },
      'fail-on-pre-existing': { type: 'boolean' },
      'reviewed-by': { type: 'boolean' },
    });
    const format = oneOf(values.format, REVIEW_FORMATS, 'text', '--format');
    const failOn = oneOf(values['fail-on'], FAIL_ON, 'warning', '--fail-on');
    const options: ReviewOptions = {};
    const knowledgeFiles = [...(values.knowledge ?? []), ...(values['lock-config'] ? [values['lock-config']] : [])];
    options.knowledge = readKnowledgeFiles(knowledgeFiles);
    if (values['max-paths'] !== undefined) options.maxPaths = wholeNumber(values['max-paths'], '--max-paths', 1, 10_000_000);
    if (values['time-budget'] !== undefined) options.timeBudgetMs = wholeNumber(values['time-budget'], '--time-budget', 1, 3600) * 1000;
    if (!positionals.length) throw new InputError('no input: give C files, a directory, or a patch or mail');

    // A missing single input is named as such (reading it says so), not blamed on --base.
    // A directory of format-patch files is one series.
    const first = positionals.length !== 1 ? undefined : isDirectory(positionals[0]) ? readSeriesDirectory(positionals[0]) : readTextFile(positionals[0]);
    let outcome: ReviewOutcome;
    let patch: PatchReviewOutcome | undefined;
    if (first && !/\.[ch]$/.test(first.path) && isPatchLike(first.text)) {
      const set = await readPatchInput(first.text, first.path);
      if (!set.patches.length) throw new InputError(`${first.path}: no patch found in this text`);
      // A base directory in an indexed kernel tree: the patched files' other callers and callees come from the index.
      const index = values['no-index'] || !values.base || !isDirectory(values.base) ? {} : new TreeIndexReader().forReview(set.patches.flatMap((p) => p.files.map((f) => join(values.base!, f.newPath))), values.index);
      if (index.note) io.err(`lockflow review: ${index.note}`);
      patch = await reviewPatch(set, { ...options, readBase: values.base ? baseReader(values.base, set) : undefined, ...(index.tree ? { tree: index.tree } : {}) });
      outcome = patch.after;
    } else {
      // Each input is read once: the single one already is.
      const files = first ? [first] : readCFiles(positionals);
      refuseSeveralPatches(files);
      if (values.base) throw new InputError('--base goes with a patch or mail input');
      const context = headersFor(files, values.tree);
      // The tree index, named or found in the default cache of the files' tree: what other files do.
      const index = values['no-index'] ? {} : new TreeIndexReader().forReview(files.map((f) => f.path), values.index);
      if (index.note) io.err(`lockflow review: ${index.note}`);
      outcome = await reviewFiles(files, { ...options, context: context.headers, ...(index.tree ? { tree: index.tree } : {}) });
      outcome.result.limits.push(...context.limits);
    }
    if (format === 'mail' && !patch) throw new InputError('--format mail answers a patch: give a patch or mail as input');
    const result = outcome.result;
    const simulation = values.simulate ? simulateQuietly(outcome) : undefined;
    const title = patch ? `Lockflow review: ${patch.set.cover?.subject ?? patch.set.patches.at(-1)!.subject}` : `Lockflow review: ${positionals.join(', ')}`;

    const showPreExisting = values.show !== undefined && oneOf(values.show, SHOW, 'pre-existing', '--show') === 'pre-existing';
    // The reply comes from the reviewer as git knows them, as git send-email would send it.
    const reply = format === 'mail' ? { from: gitIdentity(process.cwd()), reviewedBy: !!values['reviewed-by'] } : undefined;
    const rendered = RENDERERS[format]({ title, outcome, patch, simulation, showPreExisting, reportScript, reply });
    if (values.output) {
      writeOutput(values.output, rendered.endsWith('\n') ? rendered : rendered + '\n', [...positionals, ...(values.base ? [values.base] : []), ...knowledgeFiles]);
      io.err(`lockflow review: wrote ${values.output}`);
    } else io.out(rendered);
    // A patch is judged by what it introduces, unless asked to answer for what was there before.
    const gated = gatedFindings(result.findings, patch?.fixed ?? [], { preExisting: values['fail-on-pre-existing'] });
    return failing(gated, failOn) || (failOn === 'info' && result.limits.length > 0) ? 1 : 0;
  },
};

/**
 * The headers the C files include, from their kernel tree (`--tree DIR`, or
 * `--tree auto` for the tree they lie in): context for types and lock wrappers.
 * Off by default: on the corpus, headers' own wrappers cost more precision than
 * they give back today (see the README).
 */
function headersFor(files: InputFile[], tree: string | undefined): ContextHeaders {
  if (tree === undefined || !files.length) return { headers: [], limits: [] };
  if (tree !== 'auto' && !isDirectory(tree)) throw new InputError(`--tree ${tree}: not a directory`);
  const root = tree === 'auto' ? treeOf(files[0].path, existsSync) : tree;
  if (!root) throw new InputError(`--tree auto: ${files[0].path} is not inside a kernel tree (a directory with Kbuild and include/linux)`);
  return contextHeadersOf(files, root, existsSync);
}

/**
 * Several inputs are C files or directories; a patch among them would be read as C, so it is an
 * error. Only a file named on the command line can be one: those found in directories end in .c or .h.
 */
function refuseSeveralPatches(files: InputFile[]): void {
  for (const f of files) {
    if (!/\.[ch]$/.test(f.path) && isPatchLike(f.text)) throw new InputError(`${f.path} is a patch, and patches are reviewed one input at a time: give one patch, mail or mbox (a series as one mbox: git format-patch --stdout)`);
  }
}

/** Findings at or above --fail-on; "not fully reviewed" (a limit) counts as info, in the caller. */
function failing(findings: Finding[], failOn: (typeof FAIL_ON)[number]): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}
