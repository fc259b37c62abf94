import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, redfishFetch } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

const mockupDir = writeTreeMockup();
const CD = '/redfish/v1/Systems/1/VirtualMedia/CD1';
let bmc: RedfishEmulator;
beforeEach(async () => {
  bmc = await startRedfishEmulator({ mockupDir });
});
afterEach(() => bmc.close());

describe('virtual media', () => {
  it('inserts with InsertMedia and ejects with EjectMedia', async () => {
    expect(
      (await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.InsertMedia`, { Image: 'http://10.0.0.1/boot.iso' }))
        .status,
    ).toBe(204);
    expect((await redfishFetch(bmc, 'GET', CD)).json).toMatchObject({
      Image: 'http://10.0.0.1/boot.iso',
      Inserted: true,
      WriteProtected: true,
      ConnectedVia: 'URI',
    });
    expect(
      (
        await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.InsertMedia`, {
          Image: 'http://10.0.0.1/other.iso',
        })
      ).status,
    ).toBe(409);
    expect((await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.EjectMedia`, {})).status).toBe(204);
    expect((await redfishFetch(bmc, 'GET', CD)).json).toMatchObject({ Image: null, Inserted: false });
  });

  it('inserts and ejects by PATCH of Image and Inserted', async () => {
    expect((await redfishFetch(bmc, 'PATCH', CD, { Image: 'http://10.0.0.1/boot.iso', Inserted: true })).status).toBe(
      200,
    );
    expect(at((await redfishFetch(bmc, 'GET', CD)).json, 'Inserted')).toBe(true);
    await redfishFetch(bmc, 'PATCH', CD, { Image: null, Inserted: false });
    expect((await redfishFetch(bmc, 'GET', CD)).json).toMatchObject({ Image: null, Inserted: false });
  });

  it('refuses an InsertMedia without Image or with a non-URI, and requires TransferProtocolType when switched on', async () => {
    expect(
      at((await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.InsertMedia`, {})).json, 'error', 'code'),
    ).toBe('Base.1.16.ActionParameterMissing');
    expect(
      (await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.InsertMedia`, { Image: 'boot.iso' })).status,
    ).toBe(400);
    expect(
      (
        await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.InsertMedia`, {
          Image: 'http://x/a.iso',
          Inserted: 'yes',
        })
      ).status,
    ).toBe(400);
    bmc.state.switches.requireTransferProtocolType = true;
    const missing = await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.InsertMedia`, {
      Image: 'http://x/a.iso',
    });
    expect(at(missing.json, 'error', '@Message.ExtendedInfo', 0, 'MessageArgs')).toEqual([
      'VirtualMedia.InsertMedia',
      'TransferProtocolType',
    ]);
    expect(
      (
        await redfishFetch(bmc, 'POST', `${CD}/Actions/VirtualMedia.InsertMedia`, {
          Image: 'http://x/a.iso',
          TransferProtocolType: 'HTTP',
        })
      ).status,
    ).toBe(204);
  });
});
