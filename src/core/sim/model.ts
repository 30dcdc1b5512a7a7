/** The shape of a model function: kernel primitives, helper macros and the iommu core. */
import type { SNode } from '../syntax';
import type { G, Machine, Site, Source } from './machine';
import type { Value } from './types';

export interface CallCtx extends Site {
  m: Machine;
  src: Source;
  node: SNode;
  /** The argument expressions, for macros that take a type or a member name. */
  argNodes: SNode[];
  /** Calls another function by name: the code under review first, then the model. */
  call(name: string, args: Value[]): G<Value>;
  /** Evaluates an argument expression (for macros with unevaluated arguments). */
  evalArg(k: number): G<Value>;
  /** Evaluates an expression of the call (a part of an argument). */
  evalNode(n: SNode): G<Value>;
  /** Assigns to an argument expression (`spin_lock_irqsave(lock, flags)` writes flags). */
  assignArg(k: number, v: Value): G<void>;
  /** The same call with another trace text (a model function's inner step). */
  withText(text: string): CallCtx;
}

export interface ModelFunction {
  /** Arguments are not evaluated first (macros taking types, members or lvalues). */
  raw?: boolean;
  /** The failure a scenario can inject, and what the function then returns. */
  failure?: { ret: Value; text: string };
  /** Not worth a trace line (string helpers, logging, capability checks). */
  quiet?: boolean;
  run(x: CallCtx, args: Value[]): G<Value>;
}

export type ModelTable = Record<string, ModelFunction>;
