/**
 * Calls the model has no entry for: classes from the knowledge document decide
 * what they do, each assumption is listed once, and a run stops only on a
 * call in no class (counted in `stopped`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFile } from '../src/core/syntax';
import { simulate, type Scenario, type SimulationReport, type SimulateOptions } from '../src/core/sim';
import { fixturePath, parseFixture, runCli } from './helpers';

const GROUP: Scenario['world'] = { group: { devices: ['dev'], defaultDomain: 'DMA' }, devices: [{ name: 'dev' }] };

async function sim(c: string, fn: string, calls: string[], options: SimulateOptions = {}): Promise<SimulationReport> {
  const file = await parseFile('t.c', c);
  const scenarios = calls.map((code) => ({ name: code, world: GROUP, threads: [{ name: 't', code }] }));
  return simulate([file], { function: fn, scenarios, ...options });
}

const results = (r: SimulationReport) => r.runs.map((x) => x.result).sort();

test('the whole-hold store: the default matrix and store-vs-unplug finish with no stopped run and no finding, on listed assumptions', async () => {
  const r = simulate([await parseFixture('sim', 'store_type_whole_hold.c')]);
  assert.equal(r.function, 'grp_type_store');
  assert.deepEqual(r.stopped, []);
  assert.deepEqual(r.findings, []);
  assert.deepEqual(r.limits, []);
  assert.deepEqual([...r.assumptions].sort(), [
    'CONFIG_IOMMU_DMA may be y or n (IS_ENABLED): both explored',
    'CONFIG_PCI may be y or n (IS_ENABLED): both explored',
    'dev_is_pci() may return 0 or 1: both explored',
    'pci_dev_is_untrusted() may return 0 or 1: both explored',
  ]);
  assert.equal(r.coverage.returnsCovered, r.coverage.returnsTotal);
  assert.equal(r.coverage.branchesCovered, r.coverage.branchesTotal);
  assert.ok(r.exploration.length === 1 && r.exploration[0].complete);
  // Both answers ran: the untrusted device refuses identity, a trusted one gets it.
  assert.ok(r.runs.some((run) => run.result === 'store returned -1' && run.schedule?.includes('pci_dev_is_untrusted(dev) = 1')));
  assert.ok(r.runs.some((run) => run.result === 'store returned 8'));
  assert.ok(r.runs.some((run) => run.schedule?.includes('CONFIG_IOMMU_DMA=n') && run.trace.some((e) => e.kind === 'log' && /CONFIG_IOMMU_DMA/.test(e.text))));
});

test('--config fixes an option: no assumption about it, and the code it guards is not asked', async () => {
  const r = simulate([await parseFixture('sim', 'store_type_whole_hold.c')], { config: { CONFIG_PCI: 'n', CONFIG_IOMMU_DMA: 'y' } });
  assert.deepEqual(r.assumptions, []);
  assert.deepEqual(r.findings, []);
  const cli = await runCli(['simulate', fixturePath('sim', 'store_type_whole_hold.c'), '--config', 'CONFIG_PCI=y', '--config', 'CONFIG_IOMMU_DMA=n']);
  assert.equal(cli.code, 0);
  assert.match(cli.stdout, /^assumed \(calls the model has no entry for\):\n {2}dev_is_pci\(\) may return 0 or 1: both explored$/m);
  assert.doesNotMatch(cli.stdout, /CONFIG_PCI may be/);
  assert.match(cli.stdout, /^stopped: none$/m);
  const bad = await runCli(['simulate', fixturePath('sim', 'store_type_whole_hold.c'), '--config', 'PCI=y']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--config PCI=y: give CONFIG_NAME=y, =n or =m/);
});

test('IS_BUILTIN, IS_MODULE and IS_REACHABLE read one y/n/m answer per option', async () => {
  const c = 'static int f(void)\n{\n\treturn IS_BUILTIN(CONFIG_X) * 100 + IS_MODULE(CONFIG_X) * 10 + IS_REACHABLE(CONFIG_X);\n}\n';
  assert.deepEqual(results(await sim(c, 'f', ['f()'], { config: { CONFIG_X: 'm' } })), ['t returned 11']);
  assert.deepEqual(results(await sim(c, 'f', ['f()'])), ['t returned 0', 't returned 101']);
  // configOff in the knowledge: off without asking.
  const off = await sim('static int f(void)\n{\n\treturn IS_ENABLED(CONFIG_PREEMPT_RT);\n}\n', 'f', ['f()']);
  assert.deepEqual(results(off), ['t returned 0']);
  assert.deepEqual(off.assumptions, []);
});

test('kobject get and put act on the refcount of the object the argument points into; the last put frees it', async () => {
  const c = `
static int f(struct iommu_group *group)
{
	kobject_get(&group->kobj);
	kobject_put(&group->kobj);
	kobject_put(&group->kobj);
	return group->owner_cnt;
}
`;
  const r = await sim(c, 'f', ['f(group)']);
  assert.equal(r.findings.length, 1);
  assert.match(r.findings[0].message, /^use-after-free of group \(iommu_group freed by t \(line 6: kobject_put\(&group->kobj\)\)\): group->owner_cnt at line 7 in t$/);
  const refs = r.runs[0].trace.filter((e) => e.kind === 'ref').map((e) => e.text);
  assert.deepEqual(refs, ['kobject_get(&group->kobj): group refcount 2', 'kobject_put(&group->kobj): group refcount 1', 'kobject_put(&group->kobj): group refcount 0']);
  assert.ok(r.assumptions.includes('kobject_put() drops a reference on the object it is given; the last one frees it'));
  const kref = `
struct thing {
	struct kref ref;
	int v;
};

static void thing_release(struct kref *ref)
{
	kfree(container_of(ref, struct thing, ref));
}

static int g(void)
{
	struct thing *t = kzalloc(sizeof(*t), GFP_KERNEL);

	if (!t)
		return -ENOMEM;
	kref_init(&t->ref);
	kref_get(&t->ref);
	kref_put(&t->ref, thing_release);
	kref_put(&t->ref, thing_release);
	return t->v;
}
`;
  const k = await sim(kref, 'g', ['g()']);
  assert.deepEqual(k.findings.map((f) => f.message), ['use-after-free of kmem#12 (alloc freed by t (line 9: kfree(container_of(ref, struct thing, ref)))): t->v at line 22 in t']);
  const nullPut = await sim('static int f(void)\n{\n\tkobject_put(NULL);\n\treturn 0;\n}\n', 'f', ['f()']);
  assert.deepEqual(results(nullPut), ['t returned 0']);
});

test('an unknown pointer getter returns an object, NULL or an error pointer; a failure the code does not test is no finding', async () => {
  const c = `
static int trusting(struct device *dev)
{
	struct iommu_domain *d = iommu_get_dma_domain(dev);

	return d->type;
}

static int careful(struct device *dev)
{
	struct iommu_domain *d = iommu_get_dma_domain(dev);

	if (IS_ERR_OR_NULL(d))
		return -ENODEV;
	trace_domain_seen(d);
	return to_pci_dev(dev) == to_pci_dev(dev) ? d->type : -EIO;
}

static int sloppy(struct device *dev)
{
	struct iommu_domain *d = iommu_get_dma_domain(dev);

	if (!d)
		return -ENODEV;
	return dev->iommu_group->domain->type;
}
`;
  const trusting = await sim(c, 'trusting', ['trusting(dev)']);
  assert.deepEqual(trusting.assumptions, ['iommu_get_dma_domain() may return a new object, NULL or ERR_PTR(-ENOMEM): all explored']);
  assert.deepEqual(trusting.findings, []);
  assert.deepEqual(trusting.stopped, []);
  assert.deepEqual(trusting.unhandled.map((u) => u.answer).sort(), ['iommu_get_dma_domain() = ERR_PTR(-ENOMEM), then d->type at line 6', 'iommu_get_dma_domain() = NULL, then d->type at line 6']);
  assert.ok(trusting.runs.some((run) => run.result === 't returned 0'), 'the object answer runs on');
  const careful = await sim(c, 'careful', ['careful(dev)']);
  assert.deepEqual(careful.findings, []);
  assert.deepEqual(careful.unhandled, []);
  assert.deepEqual(results(careful), ['t returned -19', 't returned 0']);
  assert.ok(careful.assumptions.includes('trace_domain_seen() changes nothing the model sees'));
  assert.ok(careful.assumptions.includes('to_pci_dev() returns an object the model does not have (never NULL)'));
  // A NULL of the model's own (dev in no group) is still a finding.
  const sloppy = await sim(c, 'sloppy', ['sloppy(dev2)'], { scenarios: [{ name: 'no group', world: { group: null, devices: [{ name: 'dev2' }] }, threads: [{ name: 't', code: 'sloppy(dev2)' }] }] });
  assert.deepEqual(sloppy.findings.map((f) => f.message), ['NULL pointer dereference: dev->iommu_group->domain at line 25']);
});

test('a pointer assigned after its declaration (p = f()) makes f an unknown pointer getter too', async () => {
  const c = `
static int later(struct device *dev)
{
	struct iommu_domain *d;
	int type = 0;

	d = iommu_get_dma_domain(dev);
	if (IS_ERR_OR_NULL(d))
		return -ENODEV;
	type = d->type;
	return type;
}

static int param(struct iommu_domain *d, struct device *dev)
{
	d = (iommu_get_dma_domain(dev));
	return d ? 1 : 0;
}

static int scalar(struct device *dev)
{
	int n;

	n = iommu_count_regions(dev);
	return n;
}
`;
  const later = await sim(c, 'later', ['later(dev)']);
  assert.deepEqual(later.stopped, []);
  assert.deepEqual(later.assumptions, ['iommu_get_dma_domain() may return a new object, NULL or ERR_PTR(-ENOMEM): all explored']);
  assert.deepEqual(results(later), ['t returned -19', 't returned 0']);
  const param = await sim(c, 'param', ['param(NULL, dev)']);
  assert.deepEqual(results(param), ['t returned 0', 't returned 1']);
  // An int is no pointer: the call is in no class and stops its run.
  const scalar = await sim(c, 'scalar', ['scalar(dev)']);
  assert.deepEqual(scalar.stopped, [{ reason: 'error: iommu_count_regions() is neither in the code under review nor in the model (line 24)', runs: 1 }]);
});

test('a call in no class stops its run, counted and shown; a user document adds a class', async () => {
  const c = 'static int f(struct device *dev)\n{\n\tif (hw_ready(dev))\n\t\treturn 1;\n\treturn 0;\n}\n';
  const stops = await sim(c, 'f', ['f(dev)']);
  assert.deepEqual(stops.stopped, [{ reason: 'error: hw_ready() is neither in the code under review nor in the model (line 3)', runs: 1 }]);
  const known = await sim(c, 'f', ['f(dev)'], { knowledge: [{ simulator: { predicates: ['hw_*'] } }] });
  assert.deepEqual(known.stopped, []);
  assert.deepEqual(results(known), ['t returned 0', 't returned 1']);
  assert.deepEqual(known.assumptions, ['hw_ready() may return 0 or 1: both explored']);
});
