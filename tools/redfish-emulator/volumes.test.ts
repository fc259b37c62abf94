import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, redfishFetch } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

const mockupDir = writeTreeMockup();
const VOLUMES = '/redfish/v1/Systems/1/Storage/1/Volumes';
const drives = {
  Drives: [
    { '@odata.id': '/redfish/v1/Systems/1/Storage/1/Drives/d1' },
    { '@odata.id': '/redfish/v1/Systems/1/Storage/1/Drives/d2' },
  ],
};
let bmc: RedfishEmulator;
beforeEach(async () => {
  bmc = await startRedfishEmulator({ mockupDir });
});
afterEach(() => bmc.close());

describe('volumes', () => {
  it('creates a volume (201 + Location), lists it, and deletes it (204)', async () => {
    const created = await redfishFetch(bmc, 'POST', VOLUMES, { RAIDType: 'RAID1', Name: 'os', Links: drives });
    expect(created.status).toBe(201);
    const location = created.headers.get('location') ?? '';
    expect(location).toBe(`${VOLUMES}/1`);
    expect(created.json).toMatchObject({ RAIDType: 'RAID1', Name: 'os', CapacityBytes: 1000 });
    expect(at((await redfishFetch(bmc, 'GET', VOLUMES)).json, 'Members@odata.count')).toBe(1);
    expect((await redfishFetch(bmc, 'DELETE', location)).status).toBe(204);
    expect((await redfishFetch(bmc, 'GET', location)).status).toBe(404);
    expect(at((await redfishFetch(bmc, 'GET', VOLUMES)).json, 'Members@odata.count')).toBe(0);
  });

  it('refuses RAID levels the controller does not support and too few drives', async () => {
    const raid5 = await redfishFetch(bmc, 'POST', VOLUMES, { RAIDType: 'RAID5', Links: drives });
    expect(raid5.status).toBe(400);
    expect(at(raid5.json, 'error', '@Message.ExtendedInfo', 0, 'MessageId')).toBe('Base.1.16.PropertyValueNotInList');
    const oneDrive = await redfishFetch(bmc, 'POST', VOLUMES, {
      RAIDType: 'RAID1',
      Links: { Drives: [drives.Drives[0]] },
    });
    expect(oneDrive.status).toBe(400);
    expect(at(oneDrive.json, 'error', 'code')).toBe('Base.1.16.ArraySizeTooShort');
    expect((await redfishFetch(bmc, 'POST', VOLUMES, { Links: drives })).status).toBe(400);
    expect((await redfishFetch(bmc, 'POST', VOLUMES, { RAIDType: 'RAID0', Links: drives, Colour: 'red' })).status).toBe(
      400,
    );
    expect((await redfishFetch(bmc, 'POST', VOLUMES, { RAIDType: 'RAID0', Links: 'x' })).status).toBe(400);
  });

  it('defers an OnReset create to the next reset behind a Pending task', async () => {
    const accepted = await redfishFetch(bmc, 'POST', VOLUMES, {
      RAIDType: 'RAID0',
      Links: drives,
      '@Redfish.OperationApplyTime': 'OnReset',
    });
    expect(accepted.status).toBe(202);
    const monitor = accepted.headers.get('location') ?? '';
    expect((await redfishFetch(bmc, 'GET', monitor)).status).toBe(202);
    expect(at((await redfishFetch(bmc, 'GET', VOLUMES)).json, 'Members@odata.count')).toBe(0);
    await redfishFetch(bmc, 'POST', '/redfish/v1/Systems/1/Actions/ComputerSystem.Reset', {
      ResetType: 'ForceRestart',
    });
    expect(at((await redfishFetch(bmc, 'GET', VOLUMES)).json, 'Members@odata.count')).toBe(1);
    const done = await redfishFetch(bmc, 'GET', monitor);
    expect(done.status).toBe(200);
    expect(at(done.json, 'TaskState')).toBe('Completed');
  });
});
