/**
 * The review entry point: C text in, findings with evidence, function
 * summaries, the lock-order graph, lock flows and lock state per line out.
 */
import { parseFile, type ParsedFile, type SyntaxDiagnostic } from '../syntax';
import { analyzeLocks, type EngineOptions, type EngineResult } from '../locks/engine';
import type { FunctionLockFlow, LockState } from '../locks/api';
import type { SummaryEffect } from '../locks/summaryTypes';
import { refText, type ReviewContext } from './context';
import { lockOrderEdges } from './lockOrder';
import { boundEvidence } from './evidence';
import { withDistinctNames } from './distinctNames';
import { lockWrappersOf } from '../locks/lockWrappers';
import { withMacroWrappers } from './macroWrappers';
import { knowledgeWith } from '../knowledge';
import { withFingerprints } from './fingerprint';
import { withColumns } from './anchorColumns';
import { RULES } from './rules';
import { REVIEW_SCHEMA_VERSION, type FunctionReport, type ReviewResult, type RuleId } from './types';
import { byName } from '../text/compare';

export * from './types';
export { RULES } from './rules';

export interface ReviewOptions extends EngineOptions {
  /** Run only these rules (all by default). */
  rules?: RuleId[];
  /**
   * Headers the files include (see core/input/includes.ts): analysed for their
   * struct declarations and inline lock wrappers, never reported on. `driverPrivate`:
   * one of a file's directory that no other C file there includes.
   */
  context?: Array<{ path: string; text: string; driverPrivate?: boolean }>;
  /** Report only on these files (the others were read as context). */
  reportOn?: ReadonlySet<string>;
}

export interface ReviewOutcome {
  result: ReviewResult & { diagnostics: SyntaxDiagnostic[] };
  flows: Map<string, FunctionLockFlow>;
  /** Locks held at a line: on every path reaching it, and on some. */
  lockStateAt(file: string, line: number): LockState | undefined;
  engine: EngineResult;
  files: ParsedFile[];
}

export async function reviewFiles(files: Array<{ path: string; text: string }>, options: ReviewOptions = {}): Promise<ReviewOutcome> {
  const parsed: ParsedFile[] = [];
  for (const f of files) parsed.push(await parseFile(f.path, f.text));
  const context: ParsedFile[] = [];
  const knowledge = knowledgeWith(options.knowledge);
  for (const f of options.context ?? []) {
    const header = await parseFile(f.path, withMacroWrappers(f.text, knowledge));
    if (f.driverPrivate) header.driverPrivate = true;
    context.push(header);
  }
  return reviewParsed(parsed, options, context);
}

export function reviewParsed(parsed: ParsedFile[], reviewOptions: ReviewOptions = {}, context: ParsedFile[] = []): ReviewOutcome {
  const primary = withDistinctNames(parsed);
  const options = engineOptions(reviewOptions);
  if (!context.length) return reviewEngine(analyzeLocks(primary, options), options);
  // The file's own definitions win over a header's; the headers' structs type the file's fields.
  const defined = new Set(primary.flatMap((f) => f.functions.map((fn) => fn.name)));
  const headers = lockWrappersOf(withDistinctNames(context.map((f) => ({ ...f, functions: f.functions.filter((fn) => !defined.has(fn.name)) }))), knowledgeWith(options.knowledge)).map((h) => ({ ...h, context: true }));
  for (const f of primary) {
    const own = new Set(f.structs.keys());
    for (const h of headers) {
      for (const [name, fields] of h.structs) if (!f.structs.has(name)) f.structs.set(name, fields);
      for (const [name, fields] of h.numberFields ?? []) if (!own.has(name) && !f.numberFields?.has(name)) (f.numberFields ??= new Map()).set(name, fields);
    }
  }
  // A header's inline functions are compiled in the file that includes it, with every struct it
  // declares: `lip->li_ailp->ail_lock` in xfs_trans_priv.h is of the class xfs_trans.h's field type says.
  for (const h of headers) for (const f of [...primary, ...headers]) if (f !== h) for (const [name, fields] of f.structs) if (!h.structs.has(name)) h.structs.set(name, fields);
  return reviewEngine(analyzeLocks([...primary, ...headers], options), { ...options, reportOn: new Set(primary.map((f) => f.path)) });
}

/** The engine's options for a review: the rules that watch the walk get their watchers into it. */
export function engineOptions(options: ReviewOptions): ReviewOptions {
  return { ...options, watchers: RULES.flatMap((r) => (r.watch ? [r.watch] : [])) };
}

/** The rules and reports over an engine result (a full analysis or an incremental one). */
/** Function names in a limit's text: C identifiers, with the `@file` that tells two statics apart. */
const FUNCTION_NAMES = /[A-Za-z_]\w*(?:@[\w./-]*\w)?/g;

export function reviewEngine(engine: EngineResult, options: ReviewOptions = {}): ReviewOutcome {
  const reported = (path: string) => !options.reportOn || options.reportOn.has(path);
  // A file's own lock macros, as functions, are analysed with it but not reviewed: their findings are the callers'.
  const parsed = engine.files.filter((f) => reported(f.path) && !f.macrosOf);
  const macros = new Set(engine.files.flatMap((f) => (f.macrosOf ? f.functions.map((fn) => fn.name) : [])));
  const ctx: ReviewContext = { engine, analyses: [...engine.analyses.values()] };
  const rules = options.rules ? RULES.filter((r) => options.rules!.includes(r.id)) : RULES;
  const own = ctx.analyses.filter((a) => reported(a.file.path) && !a.file.macrosOf);
  const ownNames = new Set(own.map((a) => a.fn.name));
  // A header's own limits are not the review's; an engine limit naming no function of ours neither
  // (names as the engine writes them, `helper@drivers/a.c` for a static that two files define).
  const engineLimits = options.reportOn ? engine.limits.filter((l) => (l.match(FUNCTION_NAMES) ?? []).some((w) => ownNames.has(w))) : engine.limits;
  const limits = [...new Set([...parsed.flatMap((f) => f.limits), ...engineLimits])];
  const bySubject = new Set(rules.filter((r) => r.identity === 'subject').map((r) => r.id));
  const found = uniqueBy(withFingerprints(rules.flatMap((r) => r.check(ctx)).filter((f) => reported(f.file) && !macros.has(f.function)), parsed, bySubject), (f) => f.fingerprint).sort(
    (a, b) => byName(a.file, b.file) || a.line - b.line || byName(a.rule, b.rule),
  );
  const findings = boundEvidence(withColumns(found, parsed), limits);
  const functions: FunctionReport[] = own.map((a) => {
    const s = engine.summaries.get(a.fn.name)!;
    const params = a.fn.params.map((p) => p.name);
    // Only for some constants of an argument: said inside the same parentheses (renderers strip `(when …)`).
    const among = (e: SummaryEffect) => (e.ifOneOf ? `${params[e.ifOneOf.param] ?? `argument ${e.ifOneOf.param + 1}`} is ${e.ifOneOf.values.join(' or ')}` : '');
    const when = (e: SummaryEffect) =>
      e.unlessNegative ? ' (when it returns 0 or more)' : e.unlessBits ? ` (unless its result ${e.bitsNotOnZero ? 'is 0 or ' : ''}carries ${e.unlessBits.join(', ')})` : e.when === 'always' ? (among(e) ? ` (when ${among(e)})` : '') : ` (when it returns ${e.when === 'zero' ? '0' : 'nonzero'}${among(e) ? ` and ${among(e)}` : ''})`;
    return {
      name: a.fn.name,
      file: a.file.path,
      line: a.fn.line,
      paths: a.ends.length,
      summary: {
        acquires: s.effects.filter((e) => e.op === 'acquire').map((e) => refText(e.ref, params) + when(e)),
        releases: s.effects.filter((e) => e.op === 'release').map((e) => refText(e.ref, params) + when(e)),
        requires: [...new Set(s.requires.map((r) => refText(r.ref, params)))],
      },
    };
  });
  functions.sort((a, b) => byName(a.file, b.file) || a.line - b.line);
  const flows = new Map<string, FunctionLockFlow>();
  const reportByName = new Map(functions.map((f) => [f.name, f]));
  for (const a of own) {
    const report = reportByName.get(a.fn.name);
    if (!report) continue;
    flows.set(a.fn.name, {
      function: a.fn.name,
      file: a.file.path,
      line: a.fn.line,
      truncated: a.truncated,
      summary: report.summary,
      paths: a.ends.map((e, id) => ({ id, events: e.events, endLine: e.endLine, returnValue: e.returnValue, heldAtEnd: e.held.map((h) => h.inst) })),
    });
  }
  const result: ReviewOutcome['result'] = {
    version: REVIEW_SCHEMA_VERSION,
    findings,
    functions,
    lockOrder: uniqueBy(lockOrderEdges(ctx).filter((e) => reported(e.file)), (e) => `${e.from}|${e.to}|${e.function}|${e.line}`),
    limits,
    diagnostics: parsed.flatMap((f) => f.diagnostics),
  };
  return {
    result,
    flows,
    engine,
    files: parsed,
    lockStateAt(file, line) {
      for (const a of ctx.analyses) {
        if (a.file.path !== file || line < a.fn.line || line > a.fn.endLine) continue;
        const st = a.lines.get(line);
        return st ? { must: [...(st.must ?? [])], may: [...st.may] } : { must: [], may: [] };
      }
      return undefined;
    },
  };
}

/** The first of the items that share a key. */
function uniqueBy<T>(items: T[], key: (t: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((t) => {
    const k = key(t);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
