/**
 * Model objects. Every struct the simulated code touches is a heap object
 * with named fields; embedded members (a group's mutex, a device's mutex, a
 * list head) are objects of their own whose `container` is the outer one,
 * so freeing a device also frees its mutex.
 */
import { isFn, isPtr, ptr } from './values';
import type { Value } from './types';

export interface HeapObject {
  id: number;
  type: string;
  label: string;
  fields: Record<string, Value>;
  freed: boolean;
  container?: number;
  /** Which field of the container embeds this object. */
  member?: string;
  /** Model-only state the C cannot name: refcount, attached domain, list items, mutex owner. */
  refcount?: number;
  attached?: number;
  items?: number[];
  /** Thread index + 1 holding this mutex, or 0. */
  owner?: number;
  /** Threads (index + 1) sleeping on this mutex, in the order they came. */
  waiters?: number[];
  /** A struct local of a frame (`struct list_head mappings;`): `&mappings` is its address, it never leaks. */
  onStack?: boolean;
  /** Created during the run (so it can leak). */
  allocated?: boolean;
  /** Freed where (line), for the use-after-free message. */
  freedAt?: { thread: string; line: number; text: string };
}

export class Heap {
  readonly objects: HeapObject[] = [{ id: 0, type: 'null', label: 'NULL', fields: {}, freed: true }];

  alloc(type: string, label: string, fields: Record<string, Value> = {}, extra: Partial<HeapObject> = {}): HeapObject {
    const obj: HeapObject = { id: this.objects.length, type, label, fields, freed: false, ...extra };
    this.objects.push(obj);
    return obj;
  }

  /** An embedded member: `group->mutex` is an object inside `group`. */
  embed(outer: HeapObject, member: string, type: string, extra: Partial<HeapObject> = {}): HeapObject {
    const obj = this.alloc(type, `${outer.label}->${member}`, {}, { container: outer.id, member, ...extra });
    outer.fields[member] = ptr(obj.id);
    return obj;
  }

  get(id: number): HeapObject {
    const obj = this.objects[id];
    if (!obj) throw new Error(`no model object #${id}`);
    return obj;
  }

  /** The outermost object (the allocation) an embedded member lives in. */
  root(obj: HeapObject): HeapObject {
    let o = obj;
    while (o.container !== undefined) o = this.get(o.container);
    return o;
  }

  isFreed(obj: HeapObject): boolean {
    return this.root(obj).freed;
  }

  free(obj: HeapObject, thread: string, line: number, text: string): void {
    obj.freed = true;
    obj.freedAt = { thread, line, text };
  }

  /** A stable text of everything that decides what happens next (for visited-state hashing). */
  fingerprint(): string {
    let out = '';
    for (let k = 1; k < this.objects.length; k++) {
      const o = this.objects[k];
      out += `${k}${o.freed ? 'x' : ''}${o.refcount ?? ''}|${o.attached ?? ''}|${o.owner ?? ''}${o.waiters?.length ? `<${o.waiters.join(',')}` : ''}|${o.items?.join(',') ?? ''}|`;
      for (const f in o.fields) out += `${f}=${valueKey(o.fields[f])},`;
      out += ';';
    }
    return out;
  }
}

/** `line 12: ` for the file under review; nothing for a scenario thread's own code (line 0). */
export function lineText(line: number): string {
  return line > 0 ? `line ${line}: ` : '';
}

/** ` at line 12`, or nothing for a scenario thread's own code. */
export function atLine(line: number): string {
  return line > 0 ? ` at line ${line}` : '';
}

/** `freed by unplug (put_device(dev))`, `freed by store (line 40: kfree(p))`. */
export function freedText(obj: HeapObject): string {
  const f = obj.freedAt;
  return f ? `freed by ${f.thread} (${lineText(f.line)}${f.text})` : 'freed';
}

export function valueKey(v: Value): string {
  if (v === undefined) return '?';
  if (isPtr(v)) return `@${v.ptr}`;
  if (isFn(v)) return `&${v.fn}`;
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}
