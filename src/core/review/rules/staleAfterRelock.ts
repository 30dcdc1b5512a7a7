/**
 * lock/stale-after-relock: a pointer found under a lock (in a list, a lookup,
 * an object the lock guards), the lock dropped, taken again (here, or inside
 * a callee that drops it for a while), and the pointer then used under the new
 * hold without being checked again. A reference keeps the object alive, not
 * true: while the lock was dropped another thread may have removed it from
 * where it was found, or changed what it was checked for. A test under the new
 * hold that reads the object's own state, or compares it with what the lock
 * guards now, checks it again. An object is not stale that this thread made
 * its own under the first hold (taken off its list, or marked by a write to
 * its state, which the others check under that lock), or pinned across the gap
 * by a lock of its own, nor one only this thread's serialised context ever takes
 * out of its place while it runs (a queue's single consumer, and teardown once it
 * is stopped: removals.ts). It watches the walk (locks/watch.ts).
 */
import type { Knowledge } from '../../knowledge';
import { field, unparen, walk, type ParsedFile, type SNode } from '../../syntax';
import { callArgs, calleeName } from '../../syntax/kernelIdioms';
import { instVars } from '../../locks/identity';
import { CowMap } from '../../locks/cow';
import { dereferencedIn } from '../../locks/walkSyntax';
import { givenBackIn } from '../../locks/facts';
import { removedOnlyInOwnContext } from '../../locks/removals';
import type { PathMemory, WatchedIncident, WatcherFacts, WatcherKind } from '../../locks/watch';
import { watchedFindings, type Rule } from '../context';

const ID = 'lock/stale-after-relock';

interface Found {
  lock: string;
  foundLine: number;
  releaseLine?: number;
  retakeLine?: number;
  /** The callee that dropped and re-took it, when not this function. */
  via?: string;
  /** Its own locks held when the lock was dropped: held until the retake, they pin it. */
  pins?: string[];
}

/** Pointers of this path, by where they stand: found under a hold, that hold dropped, the lock taken again. */
class Memory implements PathMemory {
  // Copy-on-write: the walk clones a path's memory at every block, and it is seldom written.
  constructor(
    readonly found = new CowMap<string, Found>(),
    readonly dropped = new CowMap<string, Found>(),
    readonly relocked = new CowMap<string, Found>(),
  ) {}

  clone(): Memory {
    return new Memory(this.found.clone(), this.dropped.clone(), this.relocked.clone());
  }

  idle(): boolean {
    return !this.found.size && !this.dropped.size && !this.relocked.size;
  }

  key(): string {
    if (this.idle()) return '';
    const keys = (m: Map<string, Found>) => [...m.keys()].sort().join(',');
    return `${keys(this.found)}/${keys(this.dropped)}/${keys(this.relocked)}`;
  }

  forget(name: string): void {
    this.found.delete(name);
    this.dropped.delete(name);
    this.relocked.delete(name);
  }
}

/** Moves the entries of one lock from one map to another, changed as told. */
function move(from: Map<string, Found>, to: Map<string, Found>, lock: string, change: Partial<Found>): void {
  for (const [v, f] of [...from]) {
    if (f.lock !== lock) continue;
    from.delete(v);
    to.set(v, { ...f, ...change });
  }
}

/** Identifiers of an expression, and those dereferenced as `v->field`. */
function namesIn(node: SNode, text: string): { all: Set<string>; fieldOf: Set<string> } {
  const all = new Set<string>();
  const fieldOf = new Set<string>();
  walk(node, (n) => {
    if (n.type === 'identifier') all.add(text.slice(n.start, n.end));
    const arg = n.type === 'field_expression' ? field(n, 'argument') : undefined;
    const u = arg && unparen(arg);
    if (u?.type === 'identifier') fieldOf.add(text.slice(u.start, u.end));
    return true;
  });
  return { all, fieldOf };
}

/** The object under the left side of a write (`v->a.b = x`, `v->n++`): `v`. */
function writtenObject(n: SNode, text: string): string | undefined {
  let x = n.type === 'assignment_expression' ? field(n, 'left') : n.type === 'update_expression' ? field(n, 'argument') : undefined;
  while (x && x.type === 'field_expression') {
    const arg = unparen(field(x, 'argument')!);
    if (arg.type === 'identifier') return text.slice(arg.start, arg.end);
    x = arg;
  }
  return undefined;
}

/**
 * Objects this statement makes its own: taken off where others find them
 * (`list_del(&v->node)`), pinned by a reference (`kref_get(&v->ref)`, or a function
 * in view that always takes one), or marked by a write to their state
 * (`v->flags |= BUSY`, `WRITE_ONCE(v->dying, true)`) that the others read
 * under the same lock.
 */
function claimedIn(node: SNode, file: ParsedFile, knowledge: Knowledge, facts: WatcherFacts): string[] {
  const out: string[] = [];
  walk(node, (n) => {
    if (n.type === 'call_expression') {
      const callee = calleeName(file, n) ?? '';
      if (knowledge.calls.unlinkers.has(callee) || knowledge.calls.referenceGetters.has(callee)) out.push(...namesIn(n, file.text).fieldOf);
      const kept = facts.keptArguments(callee);
      if (kept) callArgs(n).forEach((a, k) => kept.has(k) && out.push(...namesIn(a, file.text).all));
      const first = knowledge.calls.stateWriters.has(callee) ? n.children.find((c) => c.type === 'argument_list')?.children.find((c) => c.type !== '(' && c.type !== ',') : undefined;
      if (first) out.push(...namesIn(first, file.text).fieldOf);
    }
    const v = writtenObject(n, file.text);
    if (v) out.push(v);
    return true;
  });
  return out;
}

const staleWatcher: WatcherKind = {
  id: ID,
  create(_fn, file, knowledge, facts) {
    const kept: WatchedIncident[] = [];
    const told = new Set<string>();
    return {
      memory: () => new Memory(),
      assign(seen, m: Memory) {
        m.forget(seen.target);
        if (seen.foundUnder) m.found.set(seen.target, { lock: seen.foundUnder, foundLine: seen.line });
      },
      release(seen, m: Memory) {
        for (const from of [m.found, m.relocked]) {
          for (const [v, f] of [...from]) {
            if (f.lock !== seen.inst) continue;
            from.delete(v);
            m.dropped.set(v, { lock: f.lock, foundLine: f.foundLine, releaseLine: seen.line, pins: seen.ownLocks(v) });
          }
        }
      },
      acquire(seen, m: Memory) {
        for (const [v, f] of [...m.dropped]) {
          if (f.lock !== seen.inst) continue;
          m.dropped.delete(v);
          // A lock of its own held all through the gap: whoever removes it must take that lock first.
          const pinned = f.pins?.some((p) => seen.held.some((h) => h.inst === p && !h.detached));
          if (!pinned) m.relocked.set(v, { ...f, retakeLine: seen.line });
        }
      },
      calleeDrop(seen, m: Memory) {
        move(m.found, m.relocked, seen.inst, { releaseLine: seen.line, retakeLine: seen.line, via: seen.callee });
      },
      statement(seen, m: Memory) {
        if (!m.relocked.size && !m.found.size) return;
        // Made its own while the lock it was found under is still held.
        for (const v of claimedIn(seen.node, file, knowledge, facts)) if (m.found.has(v)) m.forget(v);
        if (!m.relocked.size) return;
        const names = namesIn(seen.node, file.text);
        if (seen.test) {
          for (const [v, f] of [...m.relocked]) {
            if (!names.all.has(v)) continue;
            // Checked again: its own state read under the new hold, or compared with what the lock guards now.
            const guardedNow = [...names.all].some((o) => o !== v && (instVars(f.lock).includes(o) || m.found.get(o)?.lock === f.lock));
            if (names.fieldOf.has(v) || guardedNow) m.relocked.delete(v);
          }
        }
        // Giving back a reference (`put_device(dev)`, `kref_put(&j->ref, ...)`) ends a use; it relies on nothing;
        // so does giving back a lock of its own this path holds (`spin_unlock(&q->queue_lock)`).
        const givenBack = givenBackIn(seen.node, file, knowledge, facts.putArguments);
        const unlocked = releasedOwn(seen.node, file, knowledge, (v) => seen.ownLocks(v).length > 0);
        for (const v of dereferencedIn(seen.node, file.text)) {
          if (givenBack.has(v) || unlocked.has(v)) continue;
          const f = m.relocked.get(v);
          if (!f || !seen.held.some((h) => h.inst === f.lock && !h.detached)) continue;
          m.relocked.delete(v);
          if (told.has(`${v}|${f.lock}`)) continue;
          told.add(`${v}|${f.lock}`);
          kept.push({ line: seen.line, lock: f.lock, variable: v, message: message(v, f, seen.line), related: related(v, f), events: seen.events() });
        }
      },
      incidents: () => kept,
    };
  },
};

/** Objects whose own lock, held by this path, a release primitive in the statement gives back (`spin_unlock(&q->queue_lock)`: q). */
function releasedOwn(node: SNode, file: ParsedFile, knowledge: Knowledge, holdsOwn: (v: string) => boolean): Set<string> {
  const out = new Set<string>();
  walk(node, (n) => {
    if (n.type !== 'call_expression') return true;
    const prim = knowledge.primitives.get(calleeName(file, n) ?? '');
    const arg = prim && prim.op === 'release' && prim.arg >= 0 ? callArgs(n)[prim.arg] : undefined;
    if (!arg) return true;
    for (const v of namesIn(arg, file.text).fieldOf) if (holdsOwn(v)) out.add(v);
    return true;
  });
  return out;
}

function message(v: string, f: Found, line: number): string {
  const gap = f.via
    ? `${f.via}() dropped ${f.lock} and took it again (called at line ${f.releaseLine})`
    : `${f.lock} was dropped at line ${f.releaseLine} and taken again at line ${f.retakeLine}`;
  return `'${v}' was found under ${f.lock} (line ${f.foundLine}); ${gap}; '${v}' is used at line ${line} without being checked again under the new hold: while the lock was dropped another thread may have removed or changed it`;
}

/** Where it was found, dropped and taken again. */
function related(v: string, f: Found): Array<{ line: number; message: string }> {
  return [
    { line: f.foundLine, message: `'${v}' found with ${f.lock} held` },
    { line: f.releaseLine!, message: f.via ? `${f.via}() drops ${f.lock} and takes it again` : `${f.lock} dropped: what was checked of '${v}' may change` },
    ...(f.via ? [] : [{ line: f.retakeLine!, message: `${f.lock} taken again; '${v}' is not looked up or compared again after this` }]),
  ];
}

export const staleAfterRelock: Rule = {
  id: ID,
  title: 'A pointer found under a lock is used after the lock was dropped and re-taken, without a re-check',
  severity: 'warning',
  watch: staleWatcher,
  check: (ctx) =>
    watchedFindings(ctx, ID, 'warning', (inc) => ({
      subject: { lock: inc.lock, variable: inc.variable },
      suggestion: `After ${inc.lock} is taken again, check '${inc.variable}' again before using it (look it up again, or compare it with what ${inc.lock} guards now, and bail out if it changed), or keep ${inc.lock} held from the check to the use.`,
    })).filter((f) => !removedOnlyInOwnContext(ctx.engine, f.function, ctx.engine.envs.get(f.function)?.get(f.subject?.variable ?? '')?.typeName)),
};
