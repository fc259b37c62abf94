// Issue #3 item 4: the Redfish BMC emulator serves every mockup set in shared/redfish-mockups that forms a system,
// and behaves statefully on each (checked here with plain fetch, as a client that knows only DSP0266 would).
import { existsSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  assessMockup,
  findMockupSets,
  loadMockup,
  startRedfishEmulator,
  type RedfishEmulator,
} from '../../tools/redfish-emulator/index.js';
import { at, redfishFetch, waitFor } from '../../tools/redfish-emulator/testing/redfish-fetch.js';

const MOCKUPS = resolve(import.meta.dirname, '../../../shared/redfish-mockups');
const present = existsSync(MOCKUPS);
if (!present)
  console.warn(`redfish-emulator integration: ${MOCKUPS} is absent, skipping (CI has it; fetch shared/ to run)`);
const sets = present ? findMockupSets(MOCKUPS).filter((dir) => assessMockup(loadMockup(dir)).usable) : [];
const nameOf = (dir: string): string => relative(MOCKUPS, dir);

type Json = Record<string, unknown>;
const link = (value: unknown): string | undefined =>
  typeof at(value, '@odata.id') === 'string' ? (at(value, '@odata.id') as string) : undefined;
const strings = (value: unknown): string[] | undefined =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : undefined;

describe.skipIf(!present)('redfish emulator over shared/redfish-mockups', () => {
  it('finds the sets that form a usable system', () => {
    expect(sets.map(nameOf)).toEqual([
      'bmc-toolbox-bmclib/internal/redfishwrapper/fixtures',
      'bmc-toolbox-bmclib/internal/redfishwrapper/fixtures/dell',
      'bmc-toolbox-bmclib/providers/dell/fixtures',
      'bmc-toolbox-bmclib/providers/lenovo/fixtures/v1',
      'dmtf/public-bladed',
      'dmtf/public-localstorage',
      'dmtf/public-rackmount1',
      'dmtf/public-tower',
      'openstack-proliantutils/json_samples',
      'openstack-sushy-oem-idrac/json_samples',
      'openstack-sushy/json_samples',
    ]);
  });

  describe.each(sets.map((dir) => [nameOf(dir), dir] as const))('%s', (_name, mockupDir) => {
    let bmc: RedfishEmulator;
    let system: string;
    const get = async (path: string): Promise<Json> => (await redfishFetch(bmc, 'GET', path)).json as Json;

    beforeAll(async () => {
      // iLO links are lower case; real iLOs resolve URIs regardless of case.
      bmc = await startRedfishEmulator({
        mockupDir,
        switches: { caseInsensitivePaths: true, delaysMs: { power: 20, task: 50 } },
      });
      system = bmc.state.systems()[0] ?? '';
    });
    afterAll(() => bmc.close());

    it('serves the service root without credentials and the Systems collection with them', async () => {
      const root = await redfishFetch(bmc, 'GET', '/redfish/v1', undefined, {});
      expect(root.status).toBe(200);
      expect(root.headers.get('odata-version')).toBe('4.0');
      const systems = await redfishFetch(bmc, 'GET', link(at(root.json, 'Systems')) ?? '');
      expect(systems.status).toBe(200);
      expect((at(systems.json, 'Members') as unknown[]).length).toBeGreaterThan(0);
      expect((await redfishFetch(bmc, 'GET', system)).headers.get('etag')).toBeTruthy();
    });

    it('changes PowerState through ComputerSystem.Reset within its AllowableValues', async (ctx) => {
      const reset = at(await get(system), 'Actions', '#ComputerSystem.Reset');
      if (reset === undefined) return ctx.skip('the System has no ComputerSystem.Reset action');
      const allowed = await allowedResetTypes(reset);
      const off = ['ForceOff', 'GracefulShutdown', 'PushPowerButton'].find((value) => allowed.includes(value));
      const on = ['On', 'ForceOn', 'PushPowerButton'].find((value) => allowed.includes(value));
      if (off === undefined || on === undefined) return ctx.skip(`no off/on ResetType among ${allowed.join(', ')}`);
      const target = String(at(reset, 'target'));
      if (at(await get(system), 'PowerState') !== 'On') await resetAndWait(target, on, 'On');
      await resetAndWait(target, off, 'Off');
      await resetAndWait(target, on, 'On');
      const bogus = await redfishFetch(bmc, 'POST', target, { ResetType: 'NotAResetType' });
      expect(bogus.status).toBe(400);
      expect(at(bogus.json, 'error', '@Message.ExtendedInfo', 0, 'MessageId')).toMatch(
        /^Base\.1\.\d+\.ActionParameterValueNotInList$/,
      );
    });

    it('sets a boot override by PATCH', async (ctx) => {
      const boot = at(await get(system), 'Boot') as Json | undefined;
      if (boot?.BootSourceOverrideTarget === undefined)
        return ctx.skip('the System reports no BootSourceOverrideTarget');
      const allowed = strings(boot['BootSourceOverrideTarget@Redfish.AllowableValues']) ?? ['Pxe'];
      const target = ['Pxe', 'Hdd', 'Cd'].find((value) => allowed.includes(value)) ?? allowed[0] ?? 'Pxe';
      const patch: Json = { BootSourceOverrideTarget: target };
      if ('BootSourceOverrideEnabled' in boot) patch.BootSourceOverrideEnabled = 'Once';
      const response = await redfishFetch(bmc, 'PATCH', system, { Boot: patch });
      expect(response.status).toBe(200);
      expect(at(await get(system), 'Boot')).toMatchObject(patch);
    });

    it('applies pending BIOS settings at the next reset', async (ctx) => {
      const biosPath = link(at(await get(system), 'Bios'));
      const bios = biosPath === undefined ? undefined : await get(biosPath);
      const settingsPath = link(at(bios, '@Redfish.Settings', 'SettingsObject'));
      const attributes = at(bios, 'Attributes') as Json | undefined;
      if (biosPath === undefined || settingsPath === undefined || attributes === undefined)
        return ctx.skip('no Bios with a SettingsObject');
      const [name, value] =
        Object.entries(attributes).find(([, current]) => ['string', 'number', 'boolean'].includes(typeof current)) ??
        [];
      if (name === undefined) return ctx.skip('no scalar BIOS attribute');
      const wanted =
        typeof value === 'boolean' ? !value : typeof value === 'number' ? value + 1 : `${String(value)}-ferro`;
      expect((await redfishFetch(bmc, 'PATCH', settingsPath, { Attributes: { [name]: wanted } })).status).toBe(200);
      expect(at(await get(biosPath), 'Attributes', name)).toBe(value);
      bmc.state.setPowerState('Off', system);
      const reset = at(await get(system), 'Actions', '#ComputerSystem.Reset');
      if (reset === undefined) return ctx.skip('no ComputerSystem.Reset to apply the settings with');
      const allowed = await allowedResetTypes(reset);
      await resetAndWait(String(at(reset, 'target')), allowed.includes('On') ? 'On' : (allowed[0] ?? 'On'), 'On');
      expect(at(await get(biosPath), 'Attributes', name)).toEqual(wanted);
    });

    it('creates and deletes a volume where Storage has Volumes', async (ctx) => {
      const found = await findVolumeCollection();
      if (found === undefined) return ctx.skip('no Storage with a Volumes collection and drives');
      const { collection, drives, raidType } = found;
      const created = await redfishFetch(bmc, 'POST', collection, {
        RAIDType: raidType,
        Name: 'ferro',
        Links: { Drives: drives.map((id) => ({ '@odata.id': id })) },
      });
      expect(created.status).toBe(201);
      const location = created.headers.get('location') ?? '';
      expect(at(await get(location), 'RAIDType')).toBe(raidType);
      expect((await redfishFetch(bmc, 'DELETE', location)).status).toBe(204);
      expect((await redfishFetch(bmc, 'GET', location)).status).toBe(404);
    });

    it('runs SimpleUpdate to a Completed task', async (ctx) => {
      const servicePath = link(at(await get('/redfish/v1'), 'UpdateService'));
      const action =
        servicePath === undefined ? undefined : at(await get(servicePath), 'Actions', '#UpdateService.SimpleUpdate');
      if (action === undefined) return ctx.skip('no UpdateService.SimpleUpdate action');
      const accepted = await redfishFetch(bmc, 'POST', String(at(action, 'target')), {
        ImageURI: 'http://127.0.0.1:8080/bios-9.8.7.bin',
      });
      expect(accepted.status).toBe(202);
      const monitor = accepted.headers.get('location') ?? '';
      await waitFor(async () => (await redfishFetch(bmc, 'GET', monitor)).status === 200);
      expect(at((await redfishFetch(bmc, 'GET', monitor)).json, 'TaskState')).toBe('Completed');
    });

    it('inserts and ejects virtual media', async (ctx) => {
      const slot = await findMediaSlot();
      if (slot === undefined) return ctx.skip('no VirtualMedia slot with InsertMedia or a writable Image');
      const image = 'http://127.0.0.1:8080/ferro.iso';
      const insert = at(slot.body, 'Actions', '#VirtualMedia.InsertMedia', 'target');
      const eject = at(slot.body, 'Actions', '#VirtualMedia.EjectMedia', 'target');
      if (typeof insert === 'string') {
        if (at(slot.body, 'Inserted') === true && typeof eject === 'string') await redfishFetch(bmc, 'POST', eject, {});
        expect((await redfishFetch(bmc, 'POST', insert, { Image: image, TransferProtocolType: 'HTTP' })).status).toBe(
          204,
        );
      } else expect((await redfishFetch(bmc, 'PATCH', slot.path, { Image: image, Inserted: true })).status).toBe(200);
      expect(await get(slot.path)).toMatchObject({ Image: image, Inserted: true });
      if (typeof eject === 'string') expect((await redfishFetch(bmc, 'POST', eject, {})).status).toBe(204);
      else expect((await redfishFetch(bmc, 'PATCH', slot.path, { Image: null, Inserted: false })).status).toBe(200);
      expect(at(await get(slot.path), 'Inserted')).toBe(false);
    });

    it('answers malformed requests with Redfish 400/413 errors and keeps serving', async () => {
      const target = String(
        at(await get(system), 'Actions', '#ComputerSystem.Reset', 'target') ?? `${system}/Actions/ComputerSystem.Reset`,
      );
      for (const body of [
        '{"ResetType":',
        '"On"',
        '[]',
        '{"ResetType": 5}',
        JSON.stringify({ ResetType: 'x'.repeat(2_000_000) }),
      ]) {
        const response = await redfishFetch(bmc, 'POST', target, body);
        expect([400, 404, 413]).toContain(response.status);
        expect(at(response.json, 'error', '@Message.ExtendedInfo', 0, 'MessageId')).toMatch(/^Base\.1\.\d+\./);
      }
      expect((await redfishFetch(bmc, 'PATCH', system, '{"Boot": 1')).status).toBe(400);
      expect((await redfishFetch(bmc, 'GET', system)).status).toBe(200);
    });

    async function allowedResetTypes(reset: unknown): Promise<string[]> {
      const inline = strings(at(reset, 'ResetType@Redfish.AllowableValues'));
      if (inline !== undefined) return inline;
      const info = at(reset, '@Redfish.ActionInfo');
      const parameters =
        typeof info === 'string' ? (at(await get(info), 'Parameters') as Json[] | undefined) : undefined;
      return (
        strings(parameters?.find((parameter) => parameter.Name === 'ResetType')?.AllowableValues) ?? ['On', 'ForceOff']
      );
    }

    async function resetAndWait(target: string, resetType: string, expected: string): Promise<void> {
      expect((await redfishFetch(bmc, 'POST', target, { ResetType: resetType })).status).toBe(204);
      await waitFor(async () => at(await get(system), 'PowerState') === expected);
    }

    async function findVolumeCollection(): Promise<
      { collection: string; drives: string[]; raidType: string } | undefined
    > {
      const storagePath = link(at(await get(system), 'Storage'));
      const members =
        storagePath === undefined ? [] : ((at(await get(storagePath), 'Members') as unknown[] | undefined) ?? []);
      for (const member of members) {
        const storage = await get(link(member) ?? '');
        const collection = link(at(storage, 'Volumes'));
        const drives = ((at(storage, 'Drives') as unknown[] | undefined) ?? []).flatMap((drive) => link(drive) ?? []);
        if (
          collection === undefined ||
          (await redfishFetch(bmc, 'GET', collection)).status !== 200 ||
          drives.length === 0
        )
          continue;
        const supported = ((at(storage, 'StorageControllers') as unknown[] | undefined) ?? []).flatMap(
          (controller) => strings(at(controller, 'SupportedRAIDTypes')) ?? [],
        );
        const raidType = supported.length === 0 || supported.includes('RAID0') ? 'RAID0' : (supported[0] ?? 'RAID0');
        return { collection, drives: drives.slice(0, raidType === 'RAID0' ? 1 : drives.length), raidType };
      }
      return undefined;
    }

    async function findMediaSlot(): Promise<{ path: string; body: Json } | undefined> {
      const managers = link(at(await get('/redfish/v1'), 'Managers'));
      const managerPaths =
        managers === undefined
          ? []
          : ((at(await get(managers), 'Members') as unknown[] | undefined) ?? []).flatMap(
              (member) => link(member) ?? [],
            );
      const owners = [system, ...managerPaths];
      for (const owner of owners) {
        const collection = link(at(await get(owner), 'VirtualMedia'));
        const response = collection === undefined ? undefined : await redfishFetch(bmc, 'GET', collection);
        if (response?.status !== 200) continue;
        for (const member of (at(response.json, 'Members') as unknown[] | undefined) ?? []) {
          const path = link(member) ?? '';
          const slot = await redfishFetch(bmc, 'GET', path);
          const writable = slot.headers.get('allow')?.includes('PATCH') === true && 'Image' in (slot.json as Json);
          if (slot.status === 200 && (at(slot.json, 'Actions', '#VirtualMedia.InsertMedia') !== undefined || writable))
            return { path, body: slot.json as Json };
        }
      }
      return undefined;
    }
  });
});
