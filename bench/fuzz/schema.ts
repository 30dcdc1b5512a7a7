/**
 * A validator for `lockflow review --format json` (ReviewResult, version 1):
 * the shape renderers and the editor rely on. Returns what is wrong, or [].
 */
import { RULES } from '../../src/core/review';

const RULE_IDS = new Set<string>(RULES.map((r) => r.id));
const SEVERITIES = new Set(['error', 'warning', 'info']);
const PATCH_STATUS = new Set(['introduced', 'fixed', 'pre-existing']);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const isLine = (x: unknown) => Number.isInteger(x) && (x as number) >= 0;
const isStrings = (x: unknown) => Array.isArray(x) && x.every((s) => typeof s === 'string');

export function validateReviewResult(value: unknown): string[] {
  const errors: string[] = [];
  const need = (ok: boolean, what: string) => void (ok || errors.push(what));
  if (!isObj(value)) return ['result is not an object'];
  need(value.version === 1, 'version is not 1');
  const lists = ['findings', 'functions', 'lockOrder', 'limits'].filter((key) => !Array.isArray(value[key]));
  if (lists.length) return [...errors, ...lists.map((key) => `${key} is not an array`)];
  need(isStrings(value.limits), 'limits are not strings');
  (value.findings as unknown[]).forEach((f, k) => {
    const at = `findings[${k}]`;
    if (!isObj(f)) return void errors.push(`${at} is not an object`);
    need(RULE_IDS.has(f.rule as string), `${at}.rule '${String(f.rule)}' is not a rule`);
    need(SEVERITIES.has(f.severity as string), `${at}.severity`);
    for (const s of ['file', 'function', 'message', 'suggestion']) need(typeof f[s] === 'string', `${at}.${s} is not a string`);
    need(isLine(f.line) && isLine(f.endLine) && (f.endLine as number) >= (f.line as number), `${at}.line/endLine`);
    need(f.patchStatus === undefined || PATCH_STATUS.has(f.patchStatus as string), `${at}.patchStatus`);
    need(f.inChangedFunction === undefined || (typeof f.inChangedFunction === 'boolean' && f.patchStatus === 'pre-existing'), `${at}.inChangedFunction`);
    need(typeof f.fingerprint === 'string' && /^[0-9a-f]{16}$/.test(f.fingerprint), `${at}.fingerprint is not 16 hex digits`);
    need(f.subject === undefined || (isObj(f.subject) && Object.values(f.subject).every((v) => typeof v === 'string')), `${at}.subject`);
    need(Array.isArray(f.related) && (f.related as unknown[]).every((r) => isObj(r) && typeof r.file === 'string' && isLine(r.line) && typeof r.message === 'string'), `${at}.related`);
    need(Array.isArray(f.trace) && (f.trace as unknown[]).every((t) => isObj(t) && isLine(t.line) && typeof t.event === 'string' && isStrings(t.held)), `${at}.trace`);
  });
  (value.functions as unknown[]).forEach((fn, k) => {
    const at = `functions[${k}]`;
    if (!isObj(fn)) return void errors.push(`${at} is not an object`);
    need(typeof fn.name === 'string' && typeof fn.file === 'string' && isLine(fn.line), `${at} name/file/line`);
    need(fn.paths === undefined || isLine(fn.paths), `${at}.paths`);
    const s = fn.summary;
    need(isObj(s) && isStrings(s.acquires) && isStrings(s.releases) && isStrings(s.requires), `${at}.summary`);
  });
  (value.lockOrder as unknown[]).forEach((e, k) => {
    need(isObj(e) && ['from', 'to', 'function', 'file'].every((s) => typeof e[s] === 'string') && isLine(e.line), `lockOrder[${k}]`);
  });
  return errors;
}
