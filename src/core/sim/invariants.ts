/**
 * Checks after every completed run, one function per invariant name, so a
 * scenario lists the ones it wants.
 */
import { freedText, lineText, type HeapObject } from './heap';
import type { WorldStart } from './iommu';
import { typeName, domainType } from './iommu';
import type { Machine } from './machine';
import { isPtr } from './values';
import type { InvariantName, Rule, Scenario, Value } from './types';

interface Check {
  m: Machine;
  start: WorldStart;
  scenario: Scenario;
  /** The first thread's return value: the function under test. */
  result: Value;
  report(rule: Rule, message: string): void;
}

const CHECKS: Record<InvariantName, (c: Check) => void> = {
  'no-locks-held'({ m, report }) {
    for (const t of m.threads) {
      for (const h of t.held) report('sim/lock-leak', `${t.name} ends holding ${h.label} (taken at ${lineText(h.line)}${h.text})`);
    }
  },
  'no-freed-refs'({ m, start, report }) {
    const freed = (v: Value) => isPtr(v) && m.heap.isFreed(m.heap.get(v.ptr));
    const whatFreed = (v: Value) => {
      const o = m.heap.get((v as { ptr: number }).ptr);
      return `${o.label}, ${freedText(o)}`;
    };
    const g = start.group;
    if (g && !m.heap.isFreed(g)) {
      for (const f of ['default_domain', 'domain']) {
        if (freed(g.fields[f])) report('sim/invariant', `group->${f} points to a freed domain (${whatFreed(g.fields[f])})`);
      }
      const list = isPtr(g.fields.devices) ? m.heap.get(g.fields.devices.ptr) : undefined;
      for (const id of list?.items ?? []) {
        const gd = m.heap.get(id);
        if (m.heap.isFreed(gd) || freed(gd.fields.dev)) report('sim/invariant', `the group's device list holds a freed device (${gd.label})`);
      }
    }
    for (const d of live(m, start.devices)) {
      if (freed(d.fields.iommu_group)) report('sim/invariant', `${d.label}->iommu_group points to a freed group`);
      if (d.attached && freed({ ptr: d.attached })) report('sim/invariant', `${d.label} is left attached to a freed domain (${whatFreed({ ptr: d.attached })})`);
    }
  },
  'success-state'({ m, start, scenario, result, report }) {
    const g = start.group;
    if (!g || typeof result !== 'number' || result < 0 || m.heap.isFreed(g)) return;
    const def = g.fields.default_domain;
    if (!isPtr(def)) return report('sim/invariant', 'success, but the group has no default domain');
    const want = domainType(scenario.expectType);
    const type = m.heap.get(def.ptr).fields.type;
    if (scenario.expectType && type !== want) {
      report('sim/invariant', `success, but the default domain is ${typeName(Number(type))}, not the requested ${scenario.expectType}`);
    }
    if (!isPtr(g.fields.domain) || g.fields.domain.ptr !== def.ptr) report('sim/invariant', 'success, but group->domain is not group->default_domain');
    for (const d of live(m, start.devices)) {
      if (isPtr(d.fields.iommu_group) && d.fields.iommu_group.ptr === g.id && d.attached !== def.ptr) {
        report('sim/invariant', `success, but ${d.label} is not attached to the new default domain`);
      }
    }
  },
  'failure-unchanged'({ m, start, result, report }) {
    const g = start.group;
    if (!g || typeof result !== 'number' || result >= 0 || m.heap.isFreed(g)) return;
    const same = (a: Value, b: Value) => (isPtr(a) && isPtr(b) ? a.ptr === b.ptr : a === b);
    if (!same(g.fields.default_domain, start.defaultDomain)) report('sim/invariant', `failure (${result}), but group->default_domain changed`);
    if (!same(g.fields.domain, start.domain)) report('sim/invariant', `failure (${result}), but group->domain changed`);
    for (const d of live(m, start.devices)) {
      if (d.attached !== start.attached.get(d.id)) report('sim/invariant', `failure (${result}), but ${d.label} is no longer attached to the domain it had`);
    }
    const referenced = new Set<number>();
    for (const v of [g.fields.default_domain, g.fields.domain]) if (isPtr(v)) referenced.add(v.ptr);
    for (const d of start.devices) if (d.attached) referenced.add(d.attached);
    for (const o of m.heap.objects) {
      if (o.type === 'iommu_domain' && o.allocated && !o.freed && !referenced.has(o.id)) report('sim/invariant', `failure (${result}), and ${o.label} is leaked`);
    }
  },
};

function live(m: Machine, devices: HeapObject[]): HeapObject[] {
  return devices.filter((d) => !m.heap.isFreed(d));
}

export function checkInvariants(m: Machine, start: WorldStart, scenario: Scenario, result: Value): void {
  const names = scenario.invariants ?? (Object.keys(CHECKS) as InvariantName[]);
  const line = m.trace.length ? m.trace[m.trace.length - 1].line : 0;
  const t = m.threads[0];
  for (const name of names) {
    CHECKS[name]({
      m,
      start,
      scenario,
      result,
      report: (rule, message) => m.violate({ t, line, text: name }, rule, `${message} [${name}]`),
    });
  }
}
