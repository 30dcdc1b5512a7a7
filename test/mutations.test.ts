// Planted lock bugs (npm run recall's mutations) on a kernel-style file of our own: where
// they go, what the mutant reads, and that the review tells each one.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KERNEL_KNOWLEDGE } from '../src/core/knowledge';
import { initSyntax } from '../src/core/syntax';
import { reviewFiles } from '../src/core/review';
import { detected, findingCounts, mutations, mutationSites } from '../bench/mutationsLib';

const SOURCE = `#include <linux/mutex.h>
#include <linux/spinlock.h>

struct ex_port {
	spinlock_t lock;
	struct mutex cfg_lock;
	int speed;
	int users;
};

static int ex_port_set_speed(struct ex_port *port, int speed)
{
	mutex_lock(&port->cfg_lock);
	if (speed <= 0) {
		mutex_unlock(&port->cfg_lock);
		return -EINVAL;
	}
	port->speed = speed;
	mutex_unlock(&port->cfg_lock);
	return 0;
}

static void ex_port_get(struct ex_port *port)
{
	unsigned long flags;

	spin_lock_irqsave(&port->lock, flags);
	port->users++;
	spin_unlock_irqrestore(&port->lock, flags);
}

static int ex_port_put(struct ex_port *port)
{
	unsigned long flags;
	int left;

	spin_lock_irqsave(&port->lock, flags);
	left = --port->users;
	spin_unlock_irqrestore(&port->lock, flags);
	return left;
}

struct ex_port_ops {
	int (*set_speed)(struct ex_port *port, int speed);
	void (*get)(struct ex_port *port);
	int (*put)(struct ex_port *port);
};

static const struct ex_port_ops ex_port_ops = {
	.set_speed = ex_port_set_speed,
	.get = ex_port_get,
	.put = ex_port_put,
};
`;

test('mutationSites: unlocks before a return, and locks with their unlock below', () => {
  const sites = mutationSites(SOURCE, KERNEL_KNOWLEDGE);
  assert.deepEqual(sites.get('drop-unlock')!.map((s) => s.index + 1), [15, 19, 39]);
  assert.deepEqual(sites.get('drop-lock')!.map((s) => s.call), ['mutex_lock(&port->cfg_lock)', 'spin_lock_irqsave(&port->lock, flags)', 'spin_lock_irqsave(&port->lock, flags)']);
  // A mutex is no spinlock: only the spinlocks get a sleep planted under them.
  assert.deepEqual(sites.get('sleep-under-spin')!.map((s) => s.index + 1), [27, 37]);
});

test('mutations: each mutant differs from the file by its one planted line', () => {
  const all = mutations(SOURCE, KERNEL_KNOWLEDGE, 1);
  assert.deepEqual(all.map((m) => m.kind), ['drop-unlock', 'drop-lock', 'double-lock', 'sleep-under-spin']);
  const lines = SOURCE.split('\n');
  const [dropUnlock, , doubleLock, sleep] = all;
  assert.deepEqual(dropUnlock.text.split('\n'), [...lines.slice(0, 14), ...lines.slice(15)]);
  assert.equal(doubleLock.text.split('\n')[13], '\tmutex_lock(&port->cfg_lock);');
  assert.equal(sleep.text.split('\n')[27], '\tmsleep(1);');
  // Asked for more than there are, it gives each candidate once.
  assert.equal(mutations(SOURCE, KERNEL_KNOWLEDGE, 10).filter((m) => m.kind === 'drop-unlock').length, 3);
});

test('detected: only a finding of an expected rule the original lacked counts', () => {
  const [m] = mutations(SOURCE, KERNEL_KNOWLEDGE, 1);
  const before = findingCounts([{ function: 'f', rule: 'lock/held-at-return' }]);
  assert.equal(detected(m, before, [{ function: 'f', rule: 'lock/held-at-return' }]), false);
  assert.equal(detected(m, before, [{ function: 'f', rule: 'lock/held-at-return' }, { function: 'f', rule: 'lock/held-at-return' }]), true);
  assert.equal(detected(m, before, [{ function: 'g', rule: 'lock/double-acquire' }]), false);
});

test('the review tells every planted bug of the fixture, and nothing on the file itself', async () => {
  await initSyntax();
  const review = async (text: string) => (await reviewFiles([{ path: 'ex_port.c', text }])).result.findings.filter((f) => f.severity !== 'info');
  const original = await review(SOURCE);
  assert.deepEqual(original.map((f) => f.rule), []);
  const missed: string[] = [];
  for (const m of mutations(SOURCE, KERNEL_KNOWLEDGE, 10)) {
    if (!detected(m, findingCounts(original), await review(m.text))) missed.push(`${m.kind}@${m.line}`);
  }
  // (With its last unlock gone, set_speed keeps the mutex exactly on its non-negative return, the
  // shape of a helper handing its lock over on success: told because it is a callback with no pair.)
  assert.deepEqual(missed, []);
});
