import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { versionFor } from './simple-update.js';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, redfishFetch, waitFor } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

const mockupDir = writeTreeMockup();
const UPDATE = '/redfish/v1/UpdateService/Actions/UpdateService.SimpleUpdate';
let bmc: RedfishEmulator;
beforeEach(async () => {
  bmc = await startRedfishEmulator({ mockupDir, switches: { delaysMs: { task: 100 } } });
});
afterEach(() => bmc.close());

describe('UpdateService.SimpleUpdate', () => {
  it('answers 202 with a task monitor that is 202 while running and 200 Completed after', async () => {
    const accepted = await redfishFetch(bmc, 'POST', UPDATE, {
      ImageURI: 'http://10.0.0.1/bios-1.4.2.bin',
      TransferProtocol: 'HTTP',
    });
    expect(accepted.status).toBe(202);
    expect(at(accepted.json, 'TaskState')).toBe('Running');
    const monitor = accepted.headers.get('location') ?? '';
    const running = await redfishFetch(bmc, 'GET', monitor);
    expect(running.status).toBe(202);
    expect(running.headers.get('retry-after')).toBe('1');
    await waitFor(async () => (await redfishFetch(bmc, 'GET', monitor)).status === 200);
    const task = (await redfishFetch(bmc, 'GET', monitor)).json;
    expect(task).toMatchObject({ TaskState: 'Completed', TaskStatus: 'OK', PercentComplete: 100 });
    expect(
      at((await redfishFetch(bmc, 'GET', '/redfish/v1/UpdateService/FirmwareInventory/BIOS')).json, 'Version'),
    ).toBe('1.4.2');
    expect(at((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1')).json, 'BiosVersion')).toBe('1.4.2');
    expect(
      at((await redfishFetch(bmc, 'GET', '/redfish/v1/UpdateService/FirmwareInventory/BMC')).json, 'Version'),
    ).toBe('2.0.0');
  });

  it('updates the Targets it is given', async () => {
    const accepted = await redfishFetch(bmc, 'POST', UPDATE, {
      ImageURI: 'https://x/fw.bin',
      Targets: ['/redfish/v1/UpdateService/FirmwareInventory/BMC'],
    });
    await waitFor(async () => (await redfishFetch(bmc, 'GET', accepted.headers.get('location') ?? '')).status === 200);
    expect(at((await redfishFetch(bmc, 'GET', '/redfish/v1/Managers/BMC')).json, 'FirmwareVersion')).toBe('2.0.1');
  });

  it('validates parameters against the ActionInfo', async () => {
    expect(at((await redfishFetch(bmc, 'POST', UPDATE, {})).json, 'error', 'code')).toBe(
      'Base.1.16.ActionParameterMissing',
    );
    expect(
      at(
        (await redfishFetch(bmc, 'POST', UPDATE, { ImageURI: 'x/y.bin', TransferProtocol: 'TFTP' })).json,
        'error',
        'code',
      ),
    ).toBe('Base.1.16.ActionParameterValueNotInList');
    expect(at((await redfishFetch(bmc, 'POST', UPDATE, { ImageURI: 'x/y.bin' })).json, 'error', 'code')).toBe(
      'Base.1.16.ActionParameterMissing',
    );
    expect(
      (await redfishFetch(bmc, 'POST', UPDATE, { ImageURI: 'http://x/y', Targets: ['/redfish/v1/Nope'] })).status,
    ).toBe(400);
    expect((await redfishFetch(bmc, 'POST', UPDATE, { ImageURI: 'http://x/y', Colour: 1 })).status).toBe(400);
  });
});

describe('versionFor', () => {
  it('takes the version from the image name, else raises the last number', () => {
    expect(versionFor('http://h/bios-2.4.1.bin', '1.0')).toBe('2.4.1');
    expect(versionFor('http://h/firmware.bin', 'P89 v1.45 (12/2019)')).toBe('P89 v1.45 (12/2020)');
    expect(versionFor('http://h/firmware.bin', 'abc')).toBe('abc.1');
  });
});
