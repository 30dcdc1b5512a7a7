/** The context a model function gets for one call: where it is, and how to reach its arguments. */
import type { SNode } from '../syntax';
import type { Interpreter } from './interp';
import type { G, Machine, Source, Thread } from './machine';
import type { CallCtx } from './model';
import type { Value } from './types';

export class Call implements CallCtx {
  readonly m: Machine;
  constructor(
    private readonly ip: Interpreter,
    readonly t: Thread,
    readonly line: number,
    readonly text: string,
    readonly src: Source,
    readonly node: SNode,
    readonly argNodes: SNode[],
  ) {
    this.m = ip.machine;
  }

  call(name: string, args: Value[]): G<Value> {
    return this.ip.callByName(this.t, this, name, args);
  }

  evalArg(k: number): G<Value> {
    return this.ip.eval(this.t, this.src, this.argNodes[k]);
  }

  evalNode(n: SNode): G<Value> {
    return this.ip.eval(this.t, this.src, n);
  }

  assignArg(k: number, v: Value): G<void> {
    return this.ip.assign(this.t, this.src, this.argNodes[k], v);
  }

  withText(text: string): CallCtx {
    return new Call(this.ip, this.t, this.line, text, this.src, this.node, this.argNodes);
  }
}
