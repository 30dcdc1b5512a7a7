/**
 * The iommu model: the objects a default-domain change touches (group,
 * devices, domains, ops) built from a scenario's world, and the iommu core
 * functions a patch calls but may not carry, each with its injectable failure.
 */
import type { Heap, HeapObject } from './heap';
import type { G, Machine } from './machine';
import type { CallCtx, ModelTable } from './model';
import { CONSTANTS, DOMAIN_TYPES } from './kernel';
import { isPtr, ptr } from './values';
import type { DomainTypeName, Value, WorldSpec } from './types';

export function domainType(t: DomainTypeName | undefined): number {
  return t ? DOMAIN_TYPES[t] : 0;
}

export function typeName(n: number): string {
  return Object.entries(DOMAIN_TYPES).find(([, v]) => v === n)?.[0] ?? String(n);
}

/** What the world looked like before the run: the invariants compare against it. */
export interface WorldStart {
  group?: HeapObject;
  devices: HeapObject[];
  defaultDomain: Value;
  domain: Value;
  attached: Map<number, number | undefined>;
}

/** Builds the scenario's objects on the heap and names them for the threads' code. */
export function buildWorld(m: Machine, spec: WorldSpec): WorldStart {
  const heap = m.heap;
  m.names.set('iommu_def_domain_type', domainType(spec.iommuDefDomainType ?? 'DMA'));
  const bus = heap.alloc('bus_type', 'pci_bus_type');
  const driver = heap.alloc('device_driver', 'driver');
  const devices = spec.devices.map((d) => {
    const dev = heap.alloc('device', d.name, { name: d.name, bus: ptr(bus.id), driver: d.bound ? ptr(driver.id) : 0 }, { refcount: 1 });
    heap.embed(dev, 'mutex', 'mutex', { owner: 0 });
    dev.fields.def_domain_type = domainType(d.defDomainType ?? 0);
    m.names.set(d.name, ptr(dev.id));
    return dev;
  });
  if (!spec.group) {
    m.names.set('group', 0);
    return { devices, defaultDomain: 0, domain: 0, attached: new Map() };
  }
  const g = spec.group;
  const ops = iommuOps(heap, g.defDomainTypeOp !== false);
  // The driver registered on the bus too (6.1's __iommu_domain_alloc() reads bus->iommu_ops).
  bus.fields.iommu_ops = ptr(ops.id);
  const def = newDomain(heap, `default domain(${g.defaultDomain})`, domainType(g.defaultDomain), ops);
  const group = heap.alloc('iommu_group', 'group', {}, { refcount: 1 });
  heap.embed(group, 'mutex', 'mutex', { owner: 0 });
  const list = heap.embed(group, 'devices', 'list_head', { items: [] });
  group.fields.default_domain = ptr(def.id);
  const current = g.assignedToUser ? newDomain(heap, 'user domain(UNMANAGED)', DOMAIN_TYPES.UNMANAGED, ops) : def;
  group.fields.domain = ptr(current.id);
  for (const name of g.devices) {
    const dev = devices.find((d) => d.label === name);
    if (!dev) throw new Error(`the group lists device '${name}', which the scenario does not define`);
    const gd = heap.alloc('group_device', `group_device(${name})`, { dev: ptr(dev.id), name });
    heap.embed(gd, 'list', 'list_node');
    list.items!.push(gd.id);
    dev.fields.iommu_group = ptr(group.id);
    dev.fields.iommu_ops = ptr(ops.id);
    // The group holds a reference on each member; unplug drops it.
    dev.refcount = (dev.refcount ?? 1) + 1;
    dev.attached = current.id;
  }
  // The DMA ownership count: a bound driver holds one, and so does a user (VFIO) that took the group.
  group.fields.owner_cnt = spec.devices.filter((d) => d.bound && g.devices.includes(d.name)).length + (g.assignedToUser ? 1 : 0);
  m.names.set('group', ptr(group.id));
  return {
    group,
    devices,
    defaultDomain: group.fields.default_domain,
    domain: group.fields.domain,
    attached: new Map(devices.map((d) => [d.id, d.attached])),
  };
}

/**
 * The iommu driver, as data: its callbacks (each a model entry below) and the page sizes it maps
 * (SZ_4K). One object stands for its `iommu_ops` and the `default_domain_ops` its domains carry.
 */
const DRIVER_OPS: Record<string, Value> = {
  def_domain_type: { fn: 'iommu_ops.def_domain_type' },
  domain_alloc: { fn: 'iommu_ops.domain_alloc' },
  attach_dev: { fn: 'iommu_domain_ops.attach_dev' },
  free: { fn: 'iommu_domain_ops.free' },
  pgsize_bitmap: 0x1000,
};

function iommuOps(heap: Heap, defDomainTypeOp: boolean): HeapObject {
  const ops = heap.alloc('iommu_ops', 'iommu_ops', { ...DRIVER_OPS });
  ops.fields.default_domain_ops = ptr(ops.id);
  // A scenario can take the driver's def_domain_type away (the core then decides alone).
  if (!defDomainTypeOp) delete ops.fields.def_domain_type;
  return ops;
}

function newDomain(heap: Heap, label: string, type: number, ops: HeapObject): HeapObject {
  return heap.alloc('iommu_domain', label, { type, ops: ptr(ops.id) });
}

const ENOMEM = -CONSTANTS.ENOMEM;
const ENODEV = -CONSTANTS.ENODEV;
/** __IOMMU_DOMAIN_DMA_API: the bit DMA and DMA-FQ domain types share. */
const DOMAIN_DMA_API = 2;

/** The device now translates through the domain (the core's attach, or the driver's attach_dev). */
function* attach(x: CallCtx, domain: Value, dev: Value): G<Value> {
  const d = yield* x.m.touch(x, domain, 'domain');
  const dv = yield* x.m.touch(x, dev, 'dev');
  dv.attached = d.id;
  return 0;
}

export const IOMMU: ModelTable = {
  iommu_group_alloc_default_domain: {
    failure: { ret: ENOMEM, text: 'no memory for the new domain' },
    *run(x, [, group, type]) {
      const g = yield* x.m.touch(x, group, 'group');
      if (!x.m.allocates(x, 'iommu_domain_alloc')) return ENOMEM;
      const opsOf = g.fields.default_domain;
      const ops = isPtr(opsOf) ? x.m.heap.get(opsOf.ptr).fields.ops : 0;
      const dom = x.m.newObject('iommu_domain', `new domain(${typeName(Number(type))})`, { type, ops });
      g.fields.default_domain = dom;
      if (!g.fields.domain) g.fields.domain = dom;
      return 0;
    },
  },
  __iommu_attach_device: {
    failure: { ret: ENODEV, text: 'the iommu driver refuses the attach' },
    *run(x, [domain, dev]) {
      return yield* attach(x, domain, dev);
    },
  },
  iommu_create_device_direct_mappings: {
    failure: { ret: ENOMEM, text: 'mapping the direct regions fails' },
    *run(x, [group, dev]) {
      const g = yield* x.m.touch(x, group, 'group');
      yield* x.m.touch(x, g.fields.default_domain, 'group->default_domain');
      yield* x.m.touch(x, dev, 'dev');
      return 0;
    },
  },
  /** The driver's domain_alloc(type): a new domain, or NULL when the allocation fails; the core sets its ops. */
  'iommu_ops.domain_alloc': {
    *run(x, [type]) {
      if (!x.m.allocates(x, 'iommu_domain_alloc')) return 0;
      return x.m.newObject('iommu_domain', `new domain(${typeName(Number(type))})`, { type });
    },
  },
  'iommu_domain_ops.attach_dev': {
    *run(x, [domain, dev]) {
      return yield* attach(x, domain, dev);
    },
  },
  'iommu_domain_ops.free': {
    *run(x, [domain]) {
      x.m.free(x, yield* x.m.touch(x, domain, 'domain'));
      return 0;
    },
  },
  /** include/linux/iommu.h: the domain type carries the DMA API flag. */
  iommu_is_dma_domain: {
    quiet: true,
    *run(x, [domain]) {
      return Number((yield* x.m.touch(x, domain, 'domain')).fields.type) & DOMAIN_DMA_API ? 1 : 0;
    },
  },
  /** The DMA API's cookie of a DMA domain: an allocation the model does not track. */
  iommu_get_dma_cookie: {
    *run(x) {
      return x.m.allocates(x, 'iommu_get_dma_cookie') ? 0 : ENOMEM;
    },
  },
  iommu_put_dma_cookie: { quiet: true, *run() { return 0; } },
  iommu_domain_free: {
    *run(x, [domain]) {
      // The kernel calls domain->ops->domain_free(domain): NULL and freed domains are bugs.
      const d = yield* x.m.touch(x, domain, 'domain');
      x.m.free(x, d);
      return 0;
    },
  },
  iommu_group_do_probe_finalize: {
    *run(x, [dev, domain]) {
      yield* x.m.touch(x, dev, 'dev');
      yield* x.m.touch(x, domain, 'domain');
      return 0;
    },
  },
  device_is_bound: {
    *run(x, [dev]) {
      return (yield* x.m.touch(x, dev, 'dev')).fields.driver ? 1 : 0;
    },
  },
  iommu_group_device_count: {
    *run(x, [group]) {
      const g = yield* x.m.touch(x, group, 'group');
      return (yield* x.m.touch(x, g.fields.devices, 'group->devices')).items?.length ?? 0;
    },
  },
  'iommu_ops.def_domain_type': {
    *run(x, [dev]) {
      return (yield* x.m.touch(x, dev, 'dev')).fields.def_domain_type ?? 0;
    },
  },
  /** The iommu driver's ops of a device in a group (what dev->iommu->iommu_dev->ops reads). */
  dev_iommu_ops: {
    *run(x, [dev]) {
      return (yield* x.m.touch(x, dev, 'dev')).fields.iommu_ops ?? 0;
    },
  },
  iommu_group_get: {
    *run(x, [dev]) {
      const g = (yield* x.m.touch(x, dev, 'dev')).fields.iommu_group;
      return g ? yield* x.m.get(x, g, 'iommu_group_get') : 0;
    },
  },
  iommu_group_put: {
    *run(x, [group]) {
      if (group) yield* x.m.put(x, group, 'iommu_group_put');
      return 0;
    },
  },
  /** The device release path, as the bus notifier runs it on unplug. */
  iommu_release_device: {
    *run(x, [dev]) {
      const d = yield* x.m.touch(x, dev, 'dev');
      if (!d.fields.iommu_group) return 0;
      return yield* x.call('iommu_group_remove_device', [dev]);
    },
  },
  iommu_group_remove_device: {
    *run(x, [dev]) {
      const d = yield* x.m.touch(x, dev, 'dev');
      const group = d.fields.iommu_group;
      const g = yield* x.m.touch(x, group, 'dev->iommu_group');
      const lock = { ...x, text: `${x.text}: mutex_lock(&group->mutex)` };
      yield* x.m.lock(lock, g.fields.mutex, true);
      const list = yield* x.m.touch(x, g.fields.devices, 'group->devices');
      const at = (list.items ?? []).findIndex((id) => {
        const v = x.m.heap.get(id).fields.dev;
        return isPtr(v) && isPtr(dev) && v.ptr === dev.ptr;
      });
      if (at >= 0) x.m.free(x, x.m.heap.get(list.items!.splice(at, 1)[0]));
      d.fields.iommu_group = 0;
      yield* x.m.unlock({ ...x, text: `${x.text}: mutex_unlock(&group->mutex)` }, g.fields.mutex, true);
      // Drops the reference the group held on the device.
      yield* x.m.put({ ...x, text: `${x.text}: put_device(dev)` }, dev, 'the group drops its device reference');
      return 0;
    },
  },
};
