/**
 * The simulator's shared types: values, scenarios (data a user can write as
 * JSON), traces, violations and the report.
 */
import type { KnowledgeDocument } from '../knowledge';

/** A pointer to a heap object (by id). A null pointer is the number 0. */
export interface Ptr {
  ptr: number;
}
/** A function used as a value: `ops->def_domain_type`, a release callback. */
export interface FnRef {
  fn: string;
}
/** undefined is an uninitialised variable. */
export type Value = number | string | Ptr | FnRef | undefined;

export type DomainTypeName = 'IDENTITY' | 'DMA' | 'UNMANAGED' | 0;

export interface DeviceSpec {
  name: string;
  bound?: boolean;
  /** What the iommu driver's def_domain_type() says for this device: 0 = no preference. */
  defDomainType?: DomainTypeName;
}

/** The initial objects: one group, its devices, the global default type, capabilities. */
export interface WorldSpec {
  /** null: the store is called with a NULL group. */
  group: null | {
    devices: string[];
    defaultDomain: DomainTypeName;
    /** group->domain differs from group->default_domain (e.g. VFIO owns it). */
    assignedToUser?: boolean;
    /** The default domain has ops with def_domain_type (default true). */
    defDomainTypeOp?: boolean;
  };
  devices: DeviceSpec[];
  iommuDefDomainType?: DomainTypeName;
  capable?: boolean;
}

export interface ThreadSpec {
  name: string;
  /** One call (`f(group, "identity", 9)`) or a few statements of C (calls only). */
  code: string;
}

export interface FaultSpec {
  /** A model function with an injectable failure, or an allocator. */
  function: string;
  /** Which call fails, 1-based (default 1). */
  nth?: number;
}

export const INVARIANTS = ['no-locks-held', 'no-freed-refs', 'success-state', 'failure-unchanged'] as const;
export type InvariantName = (typeof INVARIANTS)[number];

export interface Scenario {
  name: string;
  world: WorldSpec;
  threads: ThreadSpec[];
  faults?: FaultSpec[];
  invariants?: InvariantName[];
  /** On success the default domain must have this type (the request, or what 'auto' resolves to). */
  expectType?: DomainTypeName;
  /** Allocations are choice points: the explorer tries success and failure. */
  exploreAllocations?: boolean;
}

export interface TraceEvent {
  thread: string;
  line: number;
  /** lock, unlock, block, call, return, model, free, fault, log, assume, ref, limit, violation */
  kind: string;
  text: string;
  /** The shared object the step acts on (`group` for its mutex), for the diagram's lifelines. */
  obj?: string;
}

export type Rule = 'sim/deadlock' | 'sim/use-after-free' | 'sim/invariant' | 'sim/lock-leak';

export interface Violation {
  rule: Rule;
  message: string;
  line?: number;
  /** Deadlocks: each thread's held locks (with the line that took them) and the lock it waits for. */
  chains?: Array<{ thread: string; holds: string[]; wants: string }>;
  /** What makes two runs' violations one finding, when not the message (a use-after-free: the object, where it was freed, the thread). */
  key?: string;
}

export interface RunReport {
  scenario: string;
  /** `returned -22`, `deadlock`, `use-after-free`, `step limit`, `error: ...`; several threads joined by `; `. */
  result: string;
  trace: TraceEvent[];
  violations: Violation[];
  /** For explored scenarios: which interleaving (the thread picked at each switch point). */
  schedule?: string[];
}

export interface Finding {
  rule: Rule;
  message: string;
  scenario: string;
  trace: TraceEvent[];
  diagram: string;
  chains?: Violation['chains'];
  /** The interleaving that shows it: the thread picked at each switch point. */
  schedule?: string[];
  /** Runs (scenarios, interleavings) that show it, this one included. */
  witnesses: number;
  /** The other runs that show it, shortest first (at most 20). */
  others: Witness[];
  /** A race: the threads side by side in lockdep's style, the breaking step last. */
  table?: string[];
}

export interface Witness {
  scenario: string;
  schedule?: string[];
  /** Trace length. */
  steps: number;
  line?: number;
  message: string;
}

export interface Coverage {
  function: string;
  returnsCovered: number;
  returnsTotal: number;
  branchesCovered: number;
  branchesTotal: number;
  /** Lines of return statements never reached. */
  missedReturns: number[];
  /** Branch outcomes never taken: `line 12 false`, `line 30 case`. */
  missedBranches: string[];
}

export interface ExplorationStats {
  scenario: string;
  interleavings: number;
  states: number;
  pruned: number;
  complete: boolean;
}

export interface SimulationReport {
  function: string;
  runs: RunReport[];
  coverage: Coverage;
  findings: Finding[];
  exploration: ExplorationStats[];
  /** What calls the model has no entry for were assumed to do, each once. */
  assumptions: string[];
  /** Runs that stopped on something the simulator cannot model, by reason. */
  stopped: Array<{ reason: string; runs: number }>;
  /** Runs where the code dereferenced a NULL or error pointer an unknown call was assumed to return: not findings (the code may know the call cannot fail). */
  unhandled: Array<{ answer: string; runs: number }>;
  limits: string[];
}

export interface SimulateOptions {
  function?: string;
  scenarios?: Scenario[];
  maxSteps?: number;
  maxInterleavings?: number;
  /** Knowledge documents that extend the shipped one (its logging functions are no-ops here). */
  knowledge?: KnowledgeDocument[];
  /** Kernel options fixed (`CONFIG_IOMMU_DMA: 'y'`); the others are explored both ways. */
  config?: Record<string, 'y' | 'n' | 'm'>;
}
