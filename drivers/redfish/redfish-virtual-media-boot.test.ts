import { afterEach, describe, expect, it } from 'vitest';
import { redfishRig, SYSTEM } from './testing/redfish-rig.js';
import { errorBody } from './testing/scripted-bmc.js';

const CD = `${SYSTEM}/VirtualMedia/CD1`;
const INSERT = `${CD}/Actions/VirtualMedia.InsertMedia`;
let close: () => Promise<void> = () => Promise.resolve();
afterEach(async () => close());

describe('RedfishVirtualMediaBoot', () => {
  it('inserts the ISO (Image only) and sets a one-time Cd boot', async () => {
    const rig = await redfishRig();
    close = rig.close;
    await rig.boot.prepareRamdisk(rig.ref, 'deploy', rig.ctx);
    expect(rig.bmc.seen('POST', INSERT).map((r) => r.body)).toEqual([{ Image: 'https://images.example/deploy.iso' }]);
    expect(rig.bmc.resource(SYSTEM)['Boot']).toMatchObject({ BootSourceOverrideTarget: 'Cd', BootSourceOverrideEnabled: 'Once' });
  });

  it('ejects before inserting and retries with TransferProtocolType when the BMC names it missing (Nokia)', async () => {
    const rig = await redfishRig((tree) => Object.assign(tree[CD] ?? {}, { Inserted: true, Image: 'http://old/iso' }));
    close = rig.close;
    rig.bmc.script('POST', INSERT, { status: 400, body: errorBody('Base.1.8.ActionParameterMissing', 'missing', ['InsertMedia', 'TransferProtocolType']) });
    await rig.boot.prepareRamdisk(rig.ref, 'deploy', rig.ctx);
    expect(rig.bmc.seen('POST', `${CD}/Actions/VirtualMedia.EjectMedia`).map((r) => r.body)).toEqual([{}]);
    expect(rig.bmc.seen('POST', INSERT).map((r) => r.body)).toEqual([
      { Image: 'https://images.example/deploy.iso' }, { Image: 'https://images.example/deploy.iso', TransferProtocolType: 'HTTPS' },
    ]);
  });

  it('uses the Manager VirtualMedia when the System has none, and PATCH when there is no InsertMedia (Lenovo SD530)', async () => {
    const rig = await redfishRig((tree) => {
      delete tree[SYSTEM]?.['VirtualMedia'];
      const manager = '/redfish/v1/Managers/BMC';
      Object.assign(tree[manager] ?? {}, { VirtualMedia: { '@odata.id': `${manager}/VirtualMedia` } });
      tree[`${manager}/VirtualMedia`] = { Members: [{ '@odata.id': `${manager}/VirtualMedia/CD` }] };
      tree[`${manager}/VirtualMedia/CD`] = { MediaTypes: ['DVD'], Image: null, Inserted: false };
    });
    close = rig.close;
    rig.bmc.script('GET', '/redfish/v1/Managers/BMC/VirtualMedia/CD', (req) => ({ headers: { Allow: 'GET, PATCH' }, body: rig.bmc.resource(req.path) }), 10);
    await rig.boot.prepareRamdisk(rig.ref, 'deploy', rig.ctx);
    expect(rig.bmc.seen('PATCH', '/redfish/v1/Managers/BMC/VirtualMedia/CD').map((r) => r.body)).toEqual([
      { Image: 'https://images.example/deploy.iso', Inserted: true, WriteProtected: true },
    ]);
  });

  it('asks for a prebuilt ISO until ISO building exists', async () => {
    const rig = await redfishRig();
    close = rig.close;
    const node = { ...rig.ref, driver_info: { ...rig.ref.driver_info, deploy_iso: null } };
    expect(() => rig.boot.validate(node)).toThrow(expect.objectContaining({ code: 'MissingParameterValue', message: expect.stringContaining('deploy_iso') }));
  });

  it('ejects through the vendor passthru eject_vmedia', async () => {
    const rig = await redfishRig((tree) => Object.assign(tree[CD] ?? {}, { Inserted: true, Image: 'http://old/iso' }));
    close = rig.close;
    await rig.vendor.call(rig.ref, 'eject_vmedia', 'POST', { boot_device: 'cdrom' }, rig.ctx);
    expect(rig.bmc.resource(CD)).toMatchObject({ Inserted: false, Image: null });
  });
});
