/**
 * lock/context-left-off: a lock taken with interrupts (bottom halves) turned off by its own
 * primitive (`spin_lock_irqsave()`, `spin_lock_irq()`, `spin_lock_bh()`) given back by a variant
 * that leaves them off (`spin_unlock()`), on a path that then returns with them still off and
 * no lock of its own held: the caller runs on with interrupts (softirqs) disabled. Not told when
 * something turns them back on before the return (`local_irq_restore(flags)` after the unlock,
 * an `_irqrestore` of another lock the first was handed to), when the function still holds a lock
 * of its own at that return (a hand-over to a lock the caller gives back), nor when interrupts
 * were off anyway (an interrupt handler). It watches the walk's releases (locks/watch.ts).
 */
import { BH_OFF, IRQS_OFF } from '../../knowledge';
import type { Held } from '../../locks/state';
import type { PathMemory, ReleaseSeen, WalkPoint, WatchedIncident, WatcherKind } from '../../locks/watch';
import { watchedFindings, type Rule } from '../context';

const ID = 'lock/context-left-off';

/** What a path left off, and where: the unlock that gave back the lock and not the context. */
interface LeftOff {
  context: typeof IRQS_OFF | typeof BH_OFF;
  lock: string;
  line: number;
  text: string;
  takenLine: number;
}

class LeftOffMemory implements PathMemory {
  constructor(public left: LeftOff | undefined = undefined) {}
  clone(): LeftOffMemory {
    return new LeftOffMemory(this.left);
  }
  key(): string {
    return this.left ? `${this.left.context}@${this.left.line}` : '';
  }
}

const WHAT = { [IRQS_OFF]: 'interrupts', [BH_OFF]: 'bottom halves' } as const;

/** A hold this function took itself (not a context, not one on entry): a lock it may hand to its caller. */
const ownLock = (h: Held) => h.origin === 'acquired' && h.inst !== IRQS_OFF && h.inst !== BH_OFF && !h.detached;

const leftOffWatcher: WatcherKind = {
  id: ID,
  create() {
    const kept: WatchedIncident[] = [];
    return {
      memory: () => new LeftOffMemory(),
      release(seen: ReleaseSeen, memory: PathMemory | undefined) {
        const m = memory as LeftOffMemory;
        // The context itself given back (`spin_unlock_bh()`'s second half, `local_bh_enable()`).
        if (seen.inst === BH_OFF && m.left?.context === BH_OFF) m.left = undefined;
        // Only a primitive called here, on a lock taken here: a callee's release speaks for its own variant.
        if (seen.chain.length || seen.released.origin !== 'acquired') return;
        const base = { lock: seen.inst, line: seen.line, text: seen.text, takenLine: seen.released.line };
        // Not an unlock that gives the context back with the lock (an _irqrestore, `spin_unlock_bh()`), and the
        // first unlock that left it off stays the one told (a retry that takes it again nests it once more).
        const context = seen.released.irqsOff ? IRQS_OFF : seen.held.some((h) => h.inst === BH_OFF && h.ridesWith === seen.inst && h.origin === 'acquired') ? BH_OFF : undefined;
        if (context && seen.alsoEnds !== context && m.left?.context !== context) m.left = { context, ...base };
      },
      irqsRestored(_seen: WalkPoint, memory: PathMemory | undefined) {
        const m = memory as LeftOffMemory;
        if (m.left?.context === IRQS_OFF) m.left = undefined;
      },
      pathEnd(seen: WalkPoint, memory: PathMemory | undefined) {
        const left = (memory as LeftOffMemory).left;
        if (!left || seen.held.some(ownLock)) return;
        // Interrupts off on entry, or by a `local_irq_save()` of its own still in force: not this unlock's doing.
        if (left.context === IRQS_OFF && seen.held.some((h) => h.inst === IRQS_OFF && h.ridesWith !== left.lock)) return;
        if (kept.some((k) => k.line === left.line && k.lock === left.lock)) return;
        kept.push({
          line: left.line,
          lock: left.lock,
          related: [{ line: left.takenLine, message: `${left.lock} taken here` }],
          message: `${left.text} gives back ${left.lock}, taken with ${WHAT[left.context]} off at line ${left.takenLine}, but leaves them off: the path returns at line ${seen.line} with ${WHAT[left.context]} disabled`,
          events: seen.events(),
        });
      },
      incidents: () => kept,
    };
  },
};

export const contextLeftOff: Rule = {
  id: ID,
  title: 'A lock taken with interrupts or bottom halves off is given back by a variant that leaves them off',
  severity: 'warning',
  watch: leftOffWatcher,
  check(ctx) {
    return watchedFindings(ctx, ID, 'warning', (inc) => ({
      suggestion: `Give ${inc.lock} back with the variant that matches its take (spin_unlock_irqrestore() for spin_lock_irqsave(), spin_unlock_irq() for spin_lock_irq(), spin_unlock_bh() for spin_lock_bh()), or turn them back on before returning.`,
    }));
  },
};
