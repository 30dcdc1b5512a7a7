/**
 * Scenarios: validation of user JSON (loadScenarios) and the default ones,
 * which are data in scenarios/*.json. The store matrix is crossed here.
 */
import matrixSpec from './scenarios/storeTypeMatrix.json';
import raceSpec from './scenarios/unplugRace.json';
import { INVARIANTS, type DomainTypeName, type FaultSpec, type Scenario, type WorldSpec } from './types';
import type { ModelTable } from './model';
import { MODEL } from './models';
import { parseSnippet, SnippetError } from './snippet';

export class ScenarioError extends Error {}

const DOMAIN_NAMES = [0, 'IDENTITY', 'DMA', 'UNMANAGED'];

/** Bounds on user scenarios: interleavings grow as threads! and memory with them; worlds stay small. */
export const MAX_THREADS = 8;
export const MAX_DEVICES = 64;
export const MAX_SCENARIOS = 10_000;

/** Validates scenarios given as JSON: one scenario, an array, or `{ "scenarios": [...] }`. */
export function loadScenarios(json: unknown): Scenario[] {
  const list = Array.isArray(json) ? json : isObject(json) && Array.isArray(json.scenarios) ? json.scenarios : isObject(json) ? [json] : undefined;
  if (!list) throw new ScenarioError('scenarios must be a JSON object, an array of them, or { "scenarios": [...] }');
  if (!list.length) throw new ScenarioError('the scenario list is empty');
  if (list.length > MAX_SCENARIOS) throw new ScenarioError(`${list.length} scenarios; Lockflow runs at most ${MAX_SCENARIOS} at once`);
  return list.map((s, k) => checkScenario(s, `scenario ${k + 1}`));
}

function checkScenario(s: unknown, at: string): Scenario {
  if (!isObject(s)) throw new ScenarioError(`${at}: must be an object`);
  const where = typeof s.name === 'string' && s.name ? `${at} (${s.name})` : at;
  const fail = (msg: string): never => {
    throw new ScenarioError(`${where}: ${msg}`);
  };
  if (typeof s.name !== 'string' || !s.name) fail('"name" must be a non-empty string');
  if (!isObject(s.world)) fail('"world" must be an object with "group" and "devices"');
  const world = s.world as Record<string, unknown>;
  if (!Array.isArray(world.devices)) fail('"world.devices" must be an array');
  const devices = world.devices as unknown[];
  if (devices.length > MAX_DEVICES) fail(`${devices.length} devices; a scenario has at most ${MAX_DEVICES}`);
  devices.forEach((d, k) => {
    if (!isObject(d) || typeof d.name !== 'string' || !/^[A-Za-z_]\w*$/.test(d.name)) fail(`world.devices[${k}] needs a "name" that is a C identifier`);
    const dd = d as Record<string, unknown>;
    if (dd.defDomainType !== undefined && !DOMAIN_NAMES.includes(dd.defDomainType as string)) fail(`world.devices[${k}].defDomainType must be one of ${DOMAIN_NAMES.join(', ')}`);
  });
  if (world.group !== null) {
    if (!isObject(world.group)) fail('"world.group" must be an object or null');
    const g = world.group as Record<string, unknown>;
    const names = new Set(devices.map((d) => (d as { name: string }).name));
    if (!Array.isArray(g.devices) || g.devices.length > MAX_DEVICES || g.devices.some((n) => !names.has(n))) fail('"world.group.devices" must list names from "world.devices"');
    if (!DOMAIN_NAMES.slice(1).includes(g.defaultDomain as string)) fail('"world.group.defaultDomain" must be IDENTITY, DMA or UNMANAGED');
  }
  if (!Array.isArray(s.threads) || !s.threads.length) fail('"threads" must be a non-empty array');
  if ((s.threads as unknown[]).length > MAX_THREADS) fail(`${(s.threads as unknown[]).length} threads; a scenario has at most ${MAX_THREADS} (interleavings grow as their factorial)`);
  (s.threads as unknown[]).forEach((t, k) => {
    if (!isObject(t) || typeof t.name !== 'string' || typeof t.code !== 'string') return fail(`threads[${k}] needs "name" and "code" strings`);
    try {
      parseSnippet(t.name, t.code.split('$function').join('f'));
    } catch (e) {
      if (!(e instanceof SnippetError)) throw e;
      fail(`threads[${k}].code: ${e.message}`);
    }
  });
  if (s.faults !== undefined) {
    if (!Array.isArray(s.faults)) fail('"faults" must be an array');
    (s.faults as unknown[]).forEach((f, k) => {
      if (!isObject(f) || typeof f.function !== 'string') fail(`faults[${k}] needs a "function"`);
      if ((f as Record<string, unknown>).nth !== undefined && !Number.isInteger((f as Record<string, unknown>).nth)) fail(`faults[${k}].nth must be an integer`);
    });
  }
  if (s.invariants !== undefined) {
    if (!Array.isArray(s.invariants) || s.invariants.some((i) => !(INVARIANTS as readonly unknown[]).includes(i))) fail(`"invariants" must list some of ${INVARIANTS.join(', ')}`);
  }
  if (s.expectType !== undefined && !DOMAIN_NAMES.includes(s.expectType as string)) fail(`"expectType" must be one of ${DOMAIN_NAMES.join(', ')}`);
  return s as unknown as Scenario;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The two-thread races (store against unplug). */
export function defaultRaces(): Scenario[] {
  return loadScenarios(raceSpec);
}

interface MatrixSpec {
  call: string;
  buffers: string[];
  resolve: Record<string, string>;
  deviceCounts: number[];
  bound: boolean[];
  assignedToUser: boolean[];
  defDomainType: DomainTypeName[];
  capable: boolean[];
  defaultDomain: DomainTypeName;
  iommuDefDomainType: DomainTypeName;
  extra: Array<{ name: string; buffer: string; world: WorldSpec }>;
}

/** The default store matrix: every axis crossed, once without a fault and once per injectable failure. */
export function defaultMatrix(model: ModelTable = MODEL): Scenario[] {
  const spec = matrixSpec as unknown as MatrixSpec;
  const faults: Array<FaultSpec | undefined> = [undefined, ...Object.keys(model).filter((n) => model[n].failure).map((n) => ({ function: n }))];
  const out: Scenario[] = [];
  const call = (buf: string) => spec.call.replace('$buf', JSON.stringify(buf)).replace('$count', String(buf.length));
  const expect = (buf: string, def: DomainTypeName): DomainTypeName | undefined => {
    const r = spec.resolve[buf];
    if (r === 'auto') return def || spec.iommuDefDomainType;
    return r as DomainTypeName | undefined;
  };
  for (const fault of faults) {
    const tag = fault ? `, ${fault.function} fails` : '';
    for (const buf of spec.buffers)
      for (const n of spec.deviceCounts)
        for (const bound of spec.bound)
          for (const user of spec.assignedToUser)
            for (const def of spec.defDomainType)
              for (const capable of spec.capable) {
                const names = ['dev', 'dev2'].slice(0, Math.max(n, 1));
                out.push({
                  name: `buf=${JSON.stringify(buf)} devices=${n} ${bound ? 'bound' : 'unbound'}${user ? ' user-owned' : ''} def_domain_type=${def || 0}${capable ? '' : ' not-capable'}${tag}`,
                  world: {
                    group: { devices: names.slice(0, n), defaultDomain: spec.defaultDomain, assignedToUser: user },
                    devices: names.map((name) => ({ name, bound, defDomainType: def })),
                    iommuDefDomainType: spec.iommuDefDomainType,
                    capable,
                  },
                  threads: [{ name: 'store', code: call(buf) }],
                  faults: fault ? [fault] : undefined,
                  expectType: expect(buf, def),
                });
              }
  }
  for (const e of spec.extra) {
    out.push({ name: e.name, world: { iommuDefDomainType: spec.iommuDefDomainType, capable: true, ...e.world }, threads: [{ name: 'store', code: call(e.buffer) }], expectType: expect(e.buffer, 0) });
  }
  return out;
}
