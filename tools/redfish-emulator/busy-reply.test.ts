import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRedfishEmulator, type RedfishEmulator } from './start-redfish-emulator.js';
import { at, redfishFetch } from './testing/redfish-fetch.js';
import { writeTreeMockup } from './testing/tiny-mockup.js';

let bmc: RedfishEmulator;
beforeAll(async () => {
  bmc = await startRedfishEmulator({ mockupDir: writeTreeMockup(), switches: { busy: 2 } });
});
afterAll(() => bmc.close());

describe('busy switch', () => {
  it('answers the first N requests 503 with Retry-After and ServiceTemporarilyUnavailable, then serves', async () => {
    for (let attempt = 0; attempt < 2; attempt += 1) {
      const busy = await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1');
      expect(busy.status).toBe(503);
      expect(busy.headers.get('retry-after')).toBe('1');
      expect(at(busy.json, 'error', 'code')).toBe('Base.1.16.ServiceTemporarilyUnavailable');
    }
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1')).status).toBe(200);
  });

  it('answers with iDRAC’s SYS518 in the idrac style', async () => {
    bmc.state.forceBusy(1, 'idrac');
    const busy = await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1');
    expect(busy.status).toBe(503);
    expect(at(busy.json, 'error', '@Message.ExtendedInfo', 0, 'MessageId')).toBe('IDRAC.2.8.SYS518');
  });

  it('lets GETs through and refuses changes with 400 InvalidOperationForSystemState in the ilo style', async () => {
    bmc.state.forceBusy(1, 'ilo');
    expect((await redfishFetch(bmc, 'GET', '/redfish/v1/Systems/1')).status).toBe(200);
    const busy = await redfishFetch(bmc, 'PATCH', '/redfish/v1/Systems/1', { AssetTag: 'x' });
    expect(busy.status).toBe(400);
    expect(at(busy.json, 'error', '@Message.ExtendedInfo', 0, 'MessageId')).toMatch(/InvalidOperationForSystemState$/);
    expect((await redfishFetch(bmc, 'PATCH', '/redfish/v1/Systems/1', { AssetTag: 'x' })).status).toBe(200);
  });
});
