import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { reviewFiles, type ReviewOptions } from '../../core/review';
import { reviewPatch, type PatchReviewOutcome } from '../../core/review/patchReview';
import { isPatchLike, readPatchInput } from '../../core/patch';
import { parseLockConfigText } from '../../core/locks/config';
import { InputError } from '../../core/input/validate';
import { reviewToText } from '../../core/render/reviewText';
import type { Finding, ReviewResult } from '../../core/review/types';
import { readCFiles, readTextFile } from '../input';
import { json, oneOf, parseCommandArgs, type Command } from '../command';

const SEVERITY_RANK = { info: 0, warning: 1, error: 2 } as const;
const FAIL_ON = ['error', 'warning', 'info', 'none'] as const;

export const reviewCommand: Command = {
  name: 'review',
  summary: 'review C files, a directory, or a patch or mail: lock findings with their evidence',
  usage: 'lockflow review INPUT... [--base PATH] [--format text|json] [--lock-config FILE] [--fail-on error|warning|info|none] [--max-paths N]',
  async run(argv, io) {
    const { values, positionals } = parseCommandArgs(argv, {
      base: { type: 'string' },
      format: { type: 'string' },
      'lock-config': { type: 'string' },
      'fail-on': { type: 'string' },
      'max-paths': { type: 'string' },
    });
    const format = oneOf(values.format, ['text', 'json'] as const, 'text', '--format');
    const failOn = oneOf(values['fail-on'], FAIL_ON, 'warning', '--fail-on');
    const options: ReviewOptions = {};
    if (values['lock-config']) {
      const cfg = readTextFile(values['lock-config']);
      Object.assign(options, parseLockConfigText(cfg.text, cfg.path));
    }
    if (values['max-paths'] !== undefined) {
      const n = Number(values['max-paths']);
      if (!Number.isInteger(n) || n < 1) throw new InputError(`--max-paths must be a whole number above 0 (got '${values['max-paths']}')`);
      options.maxPaths = n;
    }
    if (!positionals.length) throw new InputError('no input: give C files, a directory, or a patch or mail');

    const first = positionals.length === 1 && existsSync(positionals[0]) && !statSync(positionals[0]).isDirectory() ? readTextFile(positionals[0]) : undefined;
    let result: ReviewResult;
    let patch: PatchReviewOutcome | undefined;
    if (first && !/\.[ch]$/.test(first.path) && isPatchLike(first.text)) {
      const set = await readPatchInput(first.text, first.path);
      if (!set.patches.length) throw new InputError(`${first.path}: no patch found in this text`);
      patch = await reviewPatch(set, { ...options, readBase: values.base ? baseReader(values.base, set) : undefined });
      result = patch.after.result;
    } else {
      if (values.base) throw new InputError('--base goes with a patch or mail input');
      result = (await reviewFiles(readCFiles(positionals), options)).result;
    }

    if (format === 'json') io.out(json(patch ? { ...result, patch: patchJson(patch) } : result));
    else io.out(patch ? patchText(patch) + '\n' + reviewToText(result) : reviewToText(result));
    return failing(result.findings, failOn) ? 1 : 0;
  },
};

function failing(findings: Finding[], failOn: (typeof FAIL_ON)[number]): boolean {
  if (failOn === 'none') return false;
  return findings.some((f) => SEVERITY_RANK[f.severity] >= SEVERITY_RANK[failOn]);
}

/** A base that is a file serves the patch's one C file; a directory is a tree the diff's paths are read from. */
function baseReader(base: string, set: { patches: Array<{ files: Array<{ oldPath: string }> }> }): (path: string) => string | { missing: string } {
  if (!existsSync(base)) throw new InputError(`--base ${base}: no such file or directory`);
  if (statSync(base).isDirectory()) {
    return (path) => {
      const p = join(base, path);
      if (!existsSync(p)) return { missing: `${path} is not in ${base}` };
      return readTextFile(p).text;
    };
  }
  const text = readTextFile(base).text;
  const paths = [...new Set(set.patches.flatMap((p) => p.files.map((f) => f.oldPath)))];
  return (path) => (paths.length === 1 || basename(path) === basename(base) ? text : { missing: `${path}: --base is the single file ${base}` });
}

function patchJson(p: PatchReviewOutcome) {
  return {
    patches: p.set.patches.map((m) => ({ subject: m.subject, version: m.version, part: m.part, of: m.of, author: m.author, date: m.date, messageId: m.messageId })),
    files: p.files.map((f) => ({
      path: f.path,
      base: f.baseText !== undefined,
      hunks: f.apply?.hunks ?? null,
      blob: f.apply?.blob ?? null,
      missing: f.missing ?? null,
      partialFunctions: f.partial,
    })),
    orderAdded: p.orderAdded,
    orderRemoved: p.orderRemoved,
    fixed: p.fixed,
    comments: p.set.comments.map((c) => ({ author: c.author, text: c.text, anchor: c.anchor ? { file: c.anchor.file, line: c.anchor.line } : null })),
    notices: p.set.notices,
  };
}

function patchText(p: PatchReviewOutcome): string {
  const out: string[] = [];
  for (const m of p.set.patches) out.push(`patch: [PATCH v${m.version} ${m.part}/${m.of}] ${m.subject}${m.author ? ` (${m.author})` : ''}`);
  for (const n of p.set.notices) out.push(`notice: input line ${n.line}: ${n.message}`);
  for (const f of p.files) {
    if (f.apply) out.push(`${f.path}: ${f.apply.hunks.map((h, i) => `hunk ${i + 1} ${h.status}${h.offset ? ` (offset ${h.offset})` : ''}${h.fuzz ? ` (fuzz ${h.fuzz})` : ''}`).join(', ')}`);
    if (f.missing) out.push(`${f.path}: ${f.missing}`);
    if (f.baseText === undefined) out.push(`${f.path}: no base: reviewing the post-image rebuilt from the hunks`);
  }
  for (const e of p.orderAdded) out.push(`this patch takes ${e.to} while holding ${e.from} (${e.function}() at ${e.file}:${e.line})`);
  for (const e of p.orderRemoved) out.push(`this patch no longer takes ${e.to} while holding ${e.from} (was in ${e.function}())`);
  for (const f of p.fixed) out.push(`fixed by this patch: [${f.rule}] ${f.function}(): ${f.message}`);
  if (p.set.comments.length) out.push(`reviewer remarks in the mail: ${p.set.comments.length}`);
  return out.join('\n');
}
