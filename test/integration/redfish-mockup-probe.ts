import { type JsonObject, type NodeRecord } from '../../core/index.js';
import type { Implementations } from '../../drivers/interfaces/index.js';
import {
  RedfishClientPool, findAction, readSystem, resolveRedfishOptions, slotsFor, virtualMediaSlots, type RedfishClient,
} from '../../drivers/redfish/index.js';
import { refOf, testContext } from '../contract/driver-test-context.js';

/** What a mockup set offers, learned through the emulator, so each contract runs only where it applies. */
export interface MockupProbe {
  bootOverride: boolean;
  bootWhyNot: string;
  inspectWhyNot: string | undefined;
  biosChange: { name: string; value: string } | undefined;
  biosWhyNot: string;
  raidConfig: JsonObject | undefined;
  raidWhyNot: string;
  firmwareUpdate: { component: string; url: string } | undefined;
  firmwareWhyNot: string;
  virtualMedia: boolean;
}

const ctx = () => testContext(AbortSignal.timeout(30_000));

/** Reads the emulated BMC once with the adapters' own client and decides which suites apply. */
export async function probeMockup(
  start: () => Promise<{ impl: Implementations; node: NodeRecord; url: string }>, cleanups: (() => Promise<void>)[],
): Promise<MockupProbe> {
  const { impl, node } = await start();
  try {
    const pool = new RedfishClientPool(resolveRedfishOptions({ clock: { now: Date.now, sleep: () => Promise.resolve() } }));
    cleanups.push(() => pool.close());
    const handle = await readSystem(pool, refOf(node), ctx());
    const boot = handle.system.body['Boot'];
    const bootObject = typeof boot === 'object' && boot !== null && !Array.isArray(boot) ? boot : {};
    const enabledValues = bootObject['BootSourceOverrideEnabled@Redfish.AllowableValues'];
    const noContinuous = Array.isArray(enabledValues) && !enabledValues.includes('Continuous');
    const bootOverride = 'BootSourceOverrideTarget' in bootObject && !noContinuous;
    const bootWhyNot = noContinuous ? 'BootSourceOverrideEnabled allows no Continuous (persistent boot is refused)' : 'the System has no BootSourceOverride properties';
    const inspectWhyNot = await impl.inspect?.['redfish']?.inspectHardware(refOf(node), ctx()).then(() => undefined, (e: unknown) => `inspection fails as it should: ${(e as Error).message}`);
    const settings = await impl.bios?.['redfish']?.getSettings(refOf(node), ctx()).catch(() => []) ?? [];
    const text = settings.find((s) => typeof s.value === 'string' && s.value !== '');
    const biosChange = text ? { name: text.name, value: text.value === 'Enabled' ? 'Disabled' : text.value === 'Disabled' ? 'Enabled' : `${text.value ?? ''}X` } : undefined;
    const components = await impl.firmware?.['redfish']?.getComponents(refOf(node), ctx()).catch(() => []) ?? [];
    const update = await hasSimpleUpdate(handle.client) && components[0] ? { component: components[0].component, url: 'http://127.0.0.1:9/firmware.bin' } : undefined;
    const raidConfig = await raidTarget(handle.client, handle.system.body);
    const slots = slotsFor(await virtualMediaSlots(handle.client, handle.system, ctx()).catch(() => []), 'cd');
    return {
      bootOverride, bootWhyNot, inspectWhyNot,
      biosChange, biosWhyNot: 'the System has no Bios with a text attribute',
      raidConfig, raidWhyNot: 'no Storage with a Volumes collection and drives',
      firmwareUpdate: update, firmwareWhyNot: 'no UpdateService SimpleUpdate or no bios/bmc version',
      virtualMedia: slots.some((s) => findAction(s, '#VirtualMedia.InsertMedia') !== undefined || s.allow?.includes('PATCH') === true),
    };
  } finally {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  }
  async function hasSimpleUpdate(client: RedfishClient): Promise<boolean> {
    const path = linkAt(await client.serviceRoot(ctx()), 'UpdateService');
    if (path === undefined) return false;
    const service = await client.get(path, ctx()).catch(() => undefined);
    return service !== undefined && findAction(service, '#UpdateService.SimpleUpdate') !== undefined;
  }
  async function raidTarget(client: RedfishClient, system: JsonObject): Promise<JsonObject | undefined> {
    const storage = linkAt(system, 'Storage');
    if (storage === undefined) return undefined;
    const members = (await client.get(storage, ctx()).catch(() => undefined))?.body['Members'];
    for (const member of Array.isArray(members) ? members : []) {
      const path = typeof member === 'object' && member !== null && !Array.isArray(member) ? member['@odata.id'] : undefined;
      if (typeof path !== 'string') continue;
      const body = (await client.get(path, ctx()).catch(() => undefined))?.body;
      const drives = Array.isArray(body?.['Drives']) ? body['Drives'] : [];
      const firstDrive = drives[0];
      const drivePath = typeof firstDrive === 'object' && firstDrive !== null && !Array.isArray(firstDrive) ? firstDrive['@odata.id'] : undefined;
      const readable = typeof drivePath === 'string' && (await client.get(drivePath, ctx()).catch(() => undefined)) !== undefined;
      if (body && linkAt(body, 'Volumes') !== undefined && readable) {
        return { logical_disks: [{ size_gb: 'MAX', raid_level: '0', number_of_physical_disks: 1, share_physical_disks: true, controller: String(body['Id'] ?? path) }] };
      }
    }
    return undefined;
  }
}

/** The `@odata.id` of `o[key]`. */
function linkAt(o: JsonObject, key: string): string | undefined {
  const value = o[key];
  const id = typeof value === 'object' && value !== null && !Array.isArray(value) ? value['@odata.id'] : undefined;
  return typeof id === 'string' ? id : undefined;
}
