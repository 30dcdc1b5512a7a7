import type { LineMap } from './lines';
import type { SNode } from './node';
import type { LoopMacro, ScopedGuardMacro } from './preprocess';
import type { LockAnnotationKind } from './kernelMacros';
import type { IteratorMacro } from './iteratorMacros';
import type { NumberFields } from './numberTypes';

export interface Param {
  name: string;
  /** Declared type as written, with pointer stars: `struct iommu_group *`. */
  type: string;
  /** The struct/union/typedef name when the type is one (`iommu_group`), else undefined. */
  typeName?: string;
  isFunctionPointer: boolean;
}

export interface Annotation {
  kind: LockAnnotationKind | 'lockdep_assert_held';
  /** Argument texts as written: `&group->mutex`. */
  args: string[];
  line: number;
}

export interface FunctionInfo {
  name: string;
  file: string;
  /** 1-based first and last line of the whole definition. */
  line: number;
  endLine: number;
  start: number;
  end: number;
  node: SNode;
  body: SNode;
  params: Param[];
  returnType: string;
  isStatic: boolean;
  annotations: Annotation[];
  /** Sparse's context marks in its body (`__acquire(x)`, `__release(x)`): statements that compile to nothing. */
  contextMarks?: Annotation[];
  /** True when only part of the function is known (base-less patch review). */
  partial?: boolean;
}

export interface Prototype {
  name: string;
  params: Param[];
  annotations: Annotation[];
  line: number;
}

export type Severity = 'error' | 'warning' | 'info';

export interface SyntaxDiagnostic {
  severity: Severity;
  message: string;
  file: string;
  line: number;
  column: number;
  endLine: number;
  function?: string;
}

export interface ParsedFile {
  path: string;
  /** The user's text, untouched: every offset in the tree points into it. */
  text: string;
  lines: LineMap;
  root: SNode;
  functions: FunctionInfo[];
  prototypes: Map<string, Prototype>;
  /** struct name -> field name -> field type (struct name for struct fields, else the type text). */
  structs: Map<string, Map<string, string>>;
  /** struct name -> its fields of number types (numberTypes.ts): values that lead to no object. */
  numberFields?: NumberFields;
  /** Global variable name -> declared type name. */
  globals: Map<string, string>;
  /** The integer constants its `#define`s and enumerators name (constants.ts). */
  constants: ReadonlyMap<string, number>;
  loops: Map<number, LoopMacro>;
  /** The iterator macros its `#define`s write out, by name: which argument is the cursor (iteratorMacros.ts). */
  iterators: ReadonlyMap<string, IteratorMacro>;
  scopedGuards: Map<number, ScopedGuardMacro>;
  diagnostics: SyntaxDiagnostic[];
  /**
   * Functions of this file known under another name in a multi-file review: a
   * `static` one whose name another file defines too is `name@file`, so the two
   * stay two functions. Calls and references in this file go through it.
   */
  renames?: ReadonlyMap<string, string>;
  /** What of this file is not analysed (too-long lines, too-deep functions): every report shows it. */
  limits: string[];
  /**
   * The file's function-like macros that only compute a value of their arguments (`#define
   * FAN_FROM_REG(val, div) ...`, computesOnly()): what is handed to one is computed on, not handed on.
   */
  valueMacros?: ReadonlySet<string>;
  /**
   * The file's function-like macros that call something, as functions of a text of their own
   * with the same path and lines (each on its `#define`'s line): the engine takes the lock
   * wrappers among them. Set on that text's model: `macrosOf`, the file's path.
   */
  macros?: ParsedFile;
  macrosOf?: string;
  /**
   * Read as context: a header the reviewed files include. Only its functions kept for the analysis
   * (the lock wrappers) are code that may use the reviewed files' functions; its other text (a
   * tracepoint's `DEFINE_EVENT(class, name, ...)`, a prototype) names them without taking their address.
   */
  context?: boolean;
  /** A context header of the reviewed file's directory that no other C file there includes: its structs are that file's alone. */
  driverPrivate?: boolean;
}
