import {
  InterfaceNotFoundInEntrypoint, InvalidStateRequested, NodeLocked, NoValidHost, nextState, targetFor, VERBS,
  type NodeRecord,
} from '../../../core/index.js';
import type { Store } from '../../persistence/repository.js';
import type { DriverInfo, NodeActions } from '../../workers/node-actions.js';

/** Interfaces of the fake hardware type: first is the default (Ironic's fake-hardware, trimmed). */
const FAKE_INTERFACES: Record<string, string[]> = {
  bios: ['fake', 'no-bios'], boot: ['fake', 'pxe', 'ipxe'], console: ['fake', 'no-console'], deploy: ['fake', 'direct'],
  firmware: ['fake', 'no-firmware'], inspect: ['fake', 'no-inspect'], management: ['fake'], network: ['noop'],
  power: ['fake'], raid: ['fake', 'no-raid'], rescue: ['fake', 'no-rescue'], storage: ['noop'], vendor: ['fake', 'no-vendor'],
};

/** One recorded call. */
export interface RecordedCall {
  method: string;
  args: unknown[];
}

/**
 * A NodeActions test double over a real Store: validates drivers like the conductor, moves
 * provision states by the core table (instantly to the next state) and records every call.
 */
export function createFakeNodeActions(store: Store, hostname = 'test-conductor'): NodeActions & { calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const record = (method: string, ...args: unknown[]) => { calls.push({ method, args }); };
  const checkInterfaces = (node: NodeRecord): NodeRecord => {
    if (node.driver !== 'fake-hardware') {
      throw new NoValidHost(`No conductor service registered which supports driver ${node.driver} for conductor group "${node.conductor_group}".`);
    }
    const out = { ...node } as Record<string, unknown>;
    for (const [iface, allowed] of Object.entries(FAKE_INTERFACES)) {
      const value = out[`${iface}_interface`];
      if (value === null || value === undefined) out[`${iface}_interface`] = allowed[0];
      else if (!allowed.includes(String(value))) throw new InterfaceNotFoundInEntrypoint(iface, String(value), allowed);
    }
    return out as unknown as NodeRecord;
  };
  const loaded = async (ident: string): Promise<NodeRecord> => {
    const node = await store.nodes.get(ident);
    if (!node) throw new Error(`fake: node ${ident} vanished`);
    if (node.reservation !== null) throw new NodeLocked(node.uuid, node.reservation);
    return node;
  };
  const drivers: DriverInfo[] = [{ name: 'fake-hardware', hosts: [hostname], interfaces: FAKE_INTERFACES, properties: { fake_key: 'A fake key.' } }];
  return {
    calls,
    prepareNewNode: (node) => checkInterfaces(node),
    checkNodeUpdate: (_before, after, reset) => {
      const next = reset ? { ...after, ...Object.fromEntries(Object.keys(FAKE_INTERFACES).map((i) => [`${i}_interface`, null])) } : after;
      return checkInterfaces(next);
    },
    async provision(ident, request, caller) {
      record('provision', ident, request, caller);
      const node = await loaded(ident);
      const event = VERBS[request.target];
      const to = event === undefined ? undefined : nextState(node.provision_state, event);
      if (to === undefined) throw new InvalidStateRequested(request.target, node.uuid, node.provision_state);
      await store.nodes.update(node.uuid, node.version, { provision_state: to, target_provision_state: targetFor(to) });
    },
    async setPower(ident, target, timeoutS, caller) { record('setPower', ident, target, timeoutS, caller); await loaded(ident); },
    async setMaintenance(ident, on, reason, caller) {
      record('setMaintenance', ident, on, reason, caller);
      const node = await store.nodes.get(ident);
      if (node) await store.nodes.update(node.uuid, node.version, { maintenance: on, maintenance_reason: on ? reason : null });
    },
    validate: async (ident) => { record('validate', ident); return { power: { result: true, reason: null }, raid: { result: null, reason: 'not supported' } }; },
    getBootDevice: async () => ({ boot_device: 'pxe', persistent: false }),
    async setBootDevice(ident, device, persistent, caller) { record('setBootDevice', ident, device, persistent, caller); },
    getSupportedBootDevices: async () => ['pxe', 'disk'],
    async injectNmi(ident, caller) { record('injectNmi', ident, caller); },
    async setBootMode(ident, mode, caller) { record('setBootMode', ident, mode, caller); },
    async setSecureBoot(ident, on, caller) { record('setSecureBoot', ident, on, caller); },
    async setRaidConfig(ident, config, caller) { record('setRaidConfig', ident, config, caller); },
    listDrivers: async () => drivers,
  };
}
