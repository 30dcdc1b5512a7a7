/**
 * What a review produces: findings with their evidence, function summaries,
 * the lock-order graph and the limits hit. This is the `lockflow review
 * --format json` schema (version 1); renderers and the editor read it.
 */
import type { Severity } from '../syntax';

export const REVIEW_SCHEMA_VERSION = 1;

export type RuleId =
  | 'lock/helper-releases-caller-lock'
  | 'lock/held-at-return'
  | 'lock/double-acquire'
  | 'lock/same-class-nesting'
  | 'lock/irq-unsafe'
  | 'lock/context-left-off'
  | 'lock/release-unheld'
  | 'lock/order-inversion'
  | 'lock/sleep-in-atomic'
  | 'lock/use-after-unlock'
  | 'lock/stale-after-relock'
  | 'lock/helper-drops-caller-lock'
  | 'lock/unguarded-access'
  | 'errno/busy-as-invalid'
  | 'api/redundant-parameter'
  | 'annotation/mismatch';

export interface RelatedLocation {
  file: string;
  line: number;
  message: string;
}

/** One step of the path that shows a finding. */
export interface TraceStep {
  file?: string;
  line: number;
  /** What happens there: `mutex_lock(&group->mutex) acquires group->mutex`, `branch taken`, `return -EINVAL`. */
  event: string;
  /** Lock instances held after the step. */
  held: string[];
}

/**
 * A lockdep-style "possible unsafe locking scenario": which CPU takes which
 * lock, in time order, the way kernel developers read it in lockdep splats.
 */
export interface LockScenario {
  /** One column per CPU (thread). */
  cpus: number;
  steps: Array<{ cpu: number; lock: string }>;
  /** Lockdep's closing line under `*** DEADLOCK ***`, when it has one. */
  note?: string;
}

/** What a finding is about, as values: the lock, the variable, the function called. */
export interface FindingSubject {
  lock?: string;
  variable?: string;
  callee?: string;
}

export type PatchStatus = 'introduced' | 'fixed' | 'pre-existing';

export interface Finding {
  rule: RuleId;
  severity: Severity;
  file: string;
  line: number;
  endLine: number;
  /** On `line`, 1-based: the lock call or the access the finding is about (else the statement). */
  column?: number;
  /** 1-based, just past the end (as SARIF's endColumn). */
  endColumn?: number;
  function: string;
  message: string;
  related: RelatedLocation[];
  trace: TraceStep[];
  suggestion: string;
  subject?: FindingSubject;
  /** For deadlocks (order inversions, double acquires): the interleaving that deadlocks. */
  scenario?: LockScenario;
  /**
   * Stable identity (16 hex digits): rule, file, function, subject and the anchor statement's
   * text, not its line. Set by the review engine after the rules run.
   */
  fingerprint: string;
  /** With a base: whether the patch introduced or fixed this finding, or it was there before. */
  patchStatus?: PatchStatus;
  introducedByPatch?: boolean;
  /** A pre-existing finding in a function the patch changes (not merely elsewhere in its files). */
  inChangedFunction?: boolean;
  /** In a series, the part that introduced this finding (the first after which it is there). */
  introducedIn?: { part: number; of: number; subject: string };
}

/** A function's lock summary in the JSON schema: defined by the lock engine, which makes it. */
export type { LockSummaryJson } from '../locks/api';
import type { LockSummaryJson } from '../locks/api';

export interface FunctionReport {
  name: string;
  file: string;
  line: number;
  /** Paths through the function (counted up to the bound). */
  paths?: number;
  summary: LockSummaryJson;
}

export interface LockOrderEdge {
  /** Lock classes, lockdep style: `device.mutex`, `iommu_group.mutex`. */
  from: string;
  to: string;
  function: string;
  file: string;
  line: number;
}

export interface ReviewResult {
  version: typeof REVIEW_SCHEMA_VERSION;
  findings: Finding[];
  functions: FunctionReport[];
  lockOrder: LockOrderEdge[];
  /** Bounds that were hit: "path enumeration in foo() stopped at 2000 paths". */
  limits: string[];
}
