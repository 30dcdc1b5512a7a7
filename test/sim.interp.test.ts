import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../src/core/syntax';
import { simulate, type Scenario, type SimulationReport, type WorldSpec } from '../src/core/sim';

const NO_GROUP: WorldSpec = { group: null, devices: [] };
const ONE_GROUP: WorldSpec = { group: { devices: ['dev', 'dev2'], defaultDomain: 'DMA' }, devices: [{ name: 'dev' }, { name: 'dev2' }] };

async function sim(c: string, fn: string, calls: string[], extra: Partial<Scenario> & { maxSteps?: number } = {}): Promise<SimulationReport> {
  const { maxSteps, ...scenario } = extra;
  const file = await parseFile('t.c', c);
  const scenarios = calls.map((code) => ({ name: code, world: NO_GROUP, threads: [{ name: 't', code }], ...scenario }));
  return simulate([file], { function: fn, scenarios, maxSteps });
}

const results = (r: SimulationReport) => r.runs.map((x) => x.result);

const CONTROL = `
static int classify(int x)
{
	switch (x) {
	case 0:
		return 10;
	case 1:
	case 2:
		x += 5;
		/* fall through */
	case 3:
		return x * 2;
	default:
		break;
	}
	return -1;
}

static int loops(int n)
{
	int i, sum = 0, k = 0;

	for (i = 0; i < n; i++) {
		if (i == 2)
			continue;
		sum += i;
	}
	while (k < 3)
		k++;
	do {
		k--;
	} while (k > 1);
	return sum * 100 + k;
}

static int pick(int a, int b)
{
	return (a ?: b) + (a > b ? 1000 : 2000);
}

static int jumps(int n)
{
	int r = 0;

	if (n > 3)
		goto big;
	r = 1;
	goto out;
big:
	r = 2;
out:
	return r << 4 | !n;
}
`;

test('switch with fallthrough and default, loops with continue, ?: and GNU ?:, goto', async () => {
  const r = await sim(CONTROL, 'classify', ['classify(0)', 'classify(1)', 'classify(2)', 'classify(3)', 'classify(9)', 'loops(5)', 'pick(0, 7)', 'pick(3, 1)', 'jumps(5)', 'jumps(0)']);
  assert.deepEqual(results(r), ['t returned 10', 't returned 12', 't returned 14', 't returned 6', 't returned -1', 't returned 801', 't returned 2007', 't returned 1003', 't returned 32', 't returned 17']);
  assert.equal(r.coverage.returnsCovered, 3);
  assert.equal(r.coverage.branchesCovered, r.coverage.branchesTotal, 'every case label reached');
});

test('coverage names the returns and branch outcomes never reached', async () => {
  const r = await sim(CONTROL, 'jumps', ['jumps(5)']);
  assert.deepEqual([r.coverage.returnsCovered, r.coverage.returnsTotal], [1, 1]);
  assert.deepEqual(r.coverage.missedBranches, ['line 45 false']);
  const c = await sim(CONTROL, 'classify', ['classify(0)']);
  assert.deepEqual(c.coverage.missedReturns, [12, 16]);
  assert.deepEqual(c.coverage.missedBranches, ['line 7 case', 'line 8 case', 'line 11 case', 'line 13 case']);
});

test('an infinite loop ends at the step bound with a stated limit', async () => {
  const r = await sim('static int spin(int x)\n{\n\tfor (;;)\n\t\tx++;\n\treturn x;\n}\n', 'spin', ['spin(1)'], { maxSteps: 500 });
  assert.equal(r.runs[0].result, 'step limit (500 steps)');
  assert.deepEqual(r.limits, ['1 run stopped: step limit (500 steps)']);
});

test('endless recursion ends at the call depth bound', async () => {
  const r = await sim('static int down(int n)\n{\n\treturn down(n + 1);\n}\n', 'down', ['down(0)']);
  assert.equal(r.runs[0].result, 'call depth limit (64 nested calls, in down)');
  assert.deepEqual(r.limits, ['1 run stopped: call depth limit (64 nested calls, in down)']);
});

test('C with a syntax error stops the run with its line, not the simulation', async () => {
  const r = await sim('static int f(int x)\n{\n\tint y = ;\n\treturn x;\n}\n', 'f', ['f(1)']);
  assert.equal(r.runs[0].result, 't: error: syntax error at line 3 of t.c');
});

test('a call to a function neither under review nor in the model names it', async () => {
  const r = await sim('static int f(int x)\n{\n\treturn frobnicate(x) + 1;\n}\n', 'f', ['f(2)']);
  assert.match(r.runs[0].result, /error: frobnicate\(\) is neither in the code under review nor in the model \(line 3\)/);
  assert.match(r.limits[0], /^1 run stopped: error: frobnicate\(\)/);
});

test('reading a variable before it is set is a violation with its line', async () => {
  const r = await sim('static int f(int x)\n{\n\tint y;\n\n\tif (x)\n\t\ty = 1;\n\treturn y;\n}\n', 'f', ['f(1)', 'f(0)']);
  assert.deepEqual(results(r), ['t returned 1', 't: uninitialised']);
  assert.match(r.findings[0].message, /^y is read before it is set \(line 7, in f\)/);
});

const LOCKS = `
static int leaky(struct iommu_group *group, int fail)
{
	mutex_lock(&group->mutex);
	if (fail)
		return -EIO;
	mutex_unlock(&group->mutex);
	return 0;
}

static int twice(struct iommu_group *group)
{
	mutex_lock(&group->mutex);
	mutex_lock(&group->mutex);
	return 0;
}

static int atomic_sleep(struct iommu_group *group, spinlock_t *lock)
{
	spin_lock(lock);
	mutex_lock(&group->mutex);
	mutex_unlock(&group->mutex);
	spin_unlock(lock);
	return 0;
}

static int try_twice(struct iommu_group *group)
{
	int a = mutex_trylock(&group->mutex);
	int b = mutex_trylock(&group->mutex);

	if (a)
		mutex_unlock(&group->mutex);
	return a * 10 + b;
}

static int guarded(struct iommu_group *group)
{
	scoped_guard(mutex, &group->mutex) {
		if (iommu_group_device_count(group) > 1)
			return 2;
	}
	return 1;
}
`;

test('locks: a leak, a self-deadlock, a mutex under a spinlock, scoped_guard, trylock', async () => {
  const world = ONE_GROUP;
  const r = await sim(LOCKS, 'leaky', ['leaky(group, 1)', 'leaky(group, 0)', 'twice(group)', 'atomic_sleep(group, dev->mutex)', 'guarded(group)', 'try_twice(group)'], { world });
  assert.deepEqual(results(r), ['t returned -5', 't returned 0', 't: deadlock', 't returned 0', 't returned 2', 't returned 10']);
  const msgs = r.findings.map((f) => `${f.rule} ${f.message}`);
  assert.ok(msgs.includes('sim/lock-leak t ends holding group->mutex (taken at line 4: mutex_lock(&group->mutex)) [no-locks-held]'), msgs.join('\n'));
  assert.ok(msgs.some((m) => /^sim\/deadlock t takes group->mutex again at line 14 while holding it \(line 13: mutex_lock\(&group->mutex\)\)$/.test(m)), msgs.join('\n'));
  assert.ok(msgs.some((m) => /^sim\/invariant mutex_lock\(&group->mutex\) may sleep while a spinlock is held at line 21$/.test(m)), msgs.join('\n'));
  assert.equal(r.runs[4].violations.length, 0, 'scoped_guard releases on return');
  assert.equal(r.runs[5].violations.length, 0, 'a failed trylock takes nothing');
});

const LISTS = `
struct thing {
	int v;
};

static int count_named(struct iommu_group *group)
{
	struct group_device *gd;
	int n = 0;

	list_for_each_entry(gd, &group->devices, list)
		if (!strcmp(dev_name(gd->dev), "dev2"))
			n += 10;
		else
			n++;
	return n;
}

static int first_back(struct iommu_group *group)
{
	struct group_device *gd = list_first_entry(&group->devices, struct group_device, list);

	return container_of(&gd->list, struct group_device, list) == gd;
}

static int make(int v)
{
	struct thing *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	t->v = v;
	kfree(t);
	return t->v;
}
`;

test('lists, container_of, and allocation tried both ways with a use-after-free of kfree()d memory', async () => {
  const r = await sim(LISTS, 'count_named', ['count_named(group)', 'first_back(group)'], { world: ONE_GROUP });
  assert.deepEqual(results(r), ['t returned 11', 't returned 1']);
  const alloc = await sim(LISTS, 'make', ['make(4)'], { exploreAllocations: true });
  assert.deepEqual(results(alloc).sort(), ['t returned -12', 't: use-after-free']);
  assert.equal(alloc.exploration[0].interleavings, 2);
  assert.match(alloc.findings[0].message, /^use-after-free of kmem#\d+ \(alloc freed by t \(line 33: kfree\(t\)\)\): t->v at line 34 in t$/);
});

test('injected failures pick the nth call', async () => {
  const c = 'static int twice(struct iommu_group *group, struct device *dev)\n{\n\tint a = iommu_create_device_direct_mappings(group, dev);\n\n\treturn a * 100 + iommu_create_device_direct_mappings(group, dev);\n}\n';
  const r = await sim(c, 'twice', ['twice(group, dev)'], { world: ONE_GROUP, faults: [{ function: 'iommu_create_device_direct_mappings', nth: 2 }] });
  assert.equal(r.runs[0].result, 't returned -12');
  assert.ok(r.runs[0].trace.some((e) => e.kind === 'fault' && e.line === 5));
});
