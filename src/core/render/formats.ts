/**
 * The review's output formats, in one table: the CLI picks from it by `--format`. Text is
 * checkpatch-style with the patch's application above it; JSON is the review schema with the
 * patch beside it; SARIF for code scanning; markdown and HTML reports with their diagrams; a
 * reply mail for the list.
 */
import type { ReviewOutcome } from '../review';
import type { PatchReviewOutcome } from '../review/patchReview';
import { witnessText, type SimulationReport } from '../sim';
import { reportToHtml } from './html';
import { reviewToMail, type ReplyOptions } from './mail';
import { reportToMarkdown } from './markdown';
import { reportInput } from './report';
import { reviewToText } from './reviewText';
import { reviewToSarif } from './sarif';
import { findingSections } from './sections';

export const REVIEW_FORMATS = ['text', 'json', 'sarif', 'markdown', 'html', 'mail'] as const;
export type ReviewFormat = (typeof REVIEW_FORMATS)[number];

export interface RenderInput {
  title: string;
  outcome: ReviewOutcome;
  patch?: PatchReviewOutcome;
  simulation?: SimulationReport;
  /** A patch review's pre-existing findings in full rather than folded. */
  showPreExisting?: boolean;
  /** The HTML report's script (a built asset the shell finds). */
  reportScript: () => string;
  /** For the mail: who replies (git's user.name/user.email) and whether to offer a Reviewed-by:. */
  reply?: ReplyOptions;
}

const json = (value: unknown) => JSON.stringify(value, null, 2);
const report = (i: RenderInput) => reportInput(i.title, i.outcome, { patch: i.patch, simulation: i.simulation, showPreExisting: i.showPreExisting });

export const RENDERERS: Record<ReviewFormat, (input: RenderInput) => string> = {
  text: (i) => {
    const p = i.patch;
    const sections = p?.before ? findingSections(i.outcome.result.findings, p.fixed, i.showPreExisting, p.set.patches.length > 1) : undefined;
    return (p ? patchText(p) + '\n' : '') + reviewToText(i.outcome.result, sections) + (i.simulation ? '\n' + simulationSummary(i.simulation) : '');
  },
  json: (i) => json(i.patch ? { ...i.outcome.result, patch: patchJson(i.patch) } : i.outcome.result),
  sarif: (i) => json(reviewToSarif(i.outcome.result, i.patch?.fixed)),
  markdown: (i) => reportToMarkdown(report(i)),
  html: (i) => reportToHtml(report(i), i.reportScript()),
  mail: (i) => {
    if (!i.patch) throw new RangeError('the mail format answers a patch');
    return reviewToMail(i.patch, i.reply);
  },
};

function patchJson(p: PatchReviewOutcome) {
  return {
    patches: p.set.patches.map((m) => ({ subject: m.subject, version: m.version, part: m.part, of: m.of, author: m.author, date: m.date, messageId: m.messageId })),
    files: p.files.map((f) => ({
      path: f.path,
      base: f.baseText !== undefined,
      hunks: f.apply?.hunks ?? null,
      blob: f.apply?.blob ?? null,
      source: f.apply?.source ?? null,
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

function simulationSummary(sim: SimulationReport): string {
  const c = sim.coverage;
  const out = [`simulation of ${sim.function}(): ${sim.runs.length} runs, returns reached ${c.returnsCovered}/${c.returnsTotal}, branches ${c.branchesCovered}/${c.branchesTotal}`];
  for (const f of sim.findings) {
    out.push(`  [${f.rule}] ${f.scenario}: ${f.message}`);
    if (f.witnesses > 1) out.push(`    ${witnessText(f)}`);
    if (f.table) out.push(...f.table.map((l) => (l ? `    ${l}` : '')));
  }
  for (const a of sim.assumptions) out.push(`  assumed: ${a}`);
  for (const l of sim.limits) out.push(`  limit: ${l}`);
  return out.join('\n');
}

function patchText(p: PatchReviewOutcome): string {
  const out: string[] = [];
  if (p.set.cover) out.push(`series: [PATCH v${p.set.cover.version} 0/${p.set.cover.of}] ${p.set.cover.subject}`);
  for (const m of p.set.patches) out.push(`patch: [PATCH v${m.version} ${m.part}/${m.of}] ${m.subject}${m.author ? ` (${m.author})` : ''}`);
  for (const n of p.set.notices) out.push(`notice: input line ${n.line}: ${n.message}`);
  for (const m of p.set.patches) {
    const part = p.set.patches.length > 1 ? `[${m.part}/${m.of}] ` : '';
    for (const fp of m.files) {
      const a = p.applied?.get(fp);
      if (a && !('missing' in a)) out.push(`${part}${fp.newPath}: ${a.hunks.map((h, i) => `hunk ${i + 1} ${h.status}${h.offset ? ` (offset ${h.offset})` : ''}${h.fuzz ? ` (fuzz ${h.fuzz})` : ''}`).join(', ')}`);
    }
  }
  for (const f of p.files) {
    if (f.apply?.source) out.push(`${f.path}: base: ${f.apply.source}`);
    for (const n of f.apply?.notices ?? []) if (n.severity === 'warning') out.push(n.message);
    if (f.missing) out.push(`${f.path}: ${f.missing}`);
    if (f.baseText === undefined) out.push(`${f.path}: no base: reviewing the post-image rebuilt from the hunks`);
  }
  for (const e of p.orderAdded) out.push(`this patch takes ${e.to} while holding ${e.from} (${e.function}() at ${e.file}:${e.line})`);
  for (const e of p.orderRemoved) out.push(`this patch no longer takes ${e.to} while holding ${e.from} (was in ${e.function}())`);
  if (p.set.comments.length) out.push(`reviewer remarks in the mail: ${p.set.comments.length}`);
  return out.join('\n');
}
