import { describe, expect, it } from 'vitest';
import { aNode, aPort } from '../../test/contract/repository-fixtures.js';
import { createInMemoryStore } from './in-memory/create-in-memory-store.js';
import { createStoreBootData } from './store-boot-data.js';

describe('createStoreBootData', () => {
  const urls = { bootServers: ['http://a:8088', 'http://b:8088'], apiUrls: ['http://a:6385'] };

  it('finds the node of a PXE-enabled port by MAC, with what the scripts need', async () => {
    const store = createInMemoryStore();
    const node = await store.nodes.create(aNode({ name: 'n1', provision_state: 'clean wait', driver_info: { deploy_kernel: 'k' }, instance_info: { kernel_append_params: 'x' } }));
    await store.ports.create(aPort(node.uuid, { address: '52:54:00:6c:ab:01' }));
    await expect(createStoreBootData(store, urls).nodeForMac('52:54:00:6c:ab:01')).resolves.toEqual({
      uuid: node.uuid, name: 'n1', provisionState: 'clean wait', driverInfo: { deploy_kernel: 'k' }, instanceInfo: { kernel_append_params: 'x' },
    });
  });

  it('knows no node for an unknown MAC or a port with pxe_enabled false', async () => {
    const store = createInMemoryStore();
    const node = await store.nodes.create(aNode());
    await store.ports.create(aPort(node.uuid, { address: '52:54:00:6c:ab:02', pxe_enabled: false }));
    const reader = createStoreBootData(store, urls);
    await expect(reader.nodeForMac('52:54:00:6c:ab:02')).resolves.toBeUndefined();
    await expect(reader.nodeForMac('52:54:00:6c:ab:03')).resolves.toBeUndefined();
  });

  it('hands out the configured boot server and API URLs in order', async () => {
    const reader = createStoreBootData(createInMemoryStore(), urls);
    await expect(reader.bootServers()).resolves.toEqual(urls.bootServers);
    await expect(reader.apiUrls()).resolves.toEqual(urls.apiUrls);
  });
});
