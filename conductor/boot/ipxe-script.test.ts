import { describe, expect, it } from 'vitest';
import { InvalidParameterValue, ProvisionState, type ProvisionState as State } from '../../core/index.js';
import type { BootNode } from './boot-data-reader.js';
import { bootActionFor, renderDiscoveryScript, renderEntryScript, renderNodeScript, type IpxeScriptSettings, type ScriptContext } from './ipxe-script.js';
import { simulateIpxeBoot, type FetchResult } from './testing/ipxe-simulator.js';

const MAC = '52:54:00:6c:ab:01';
const SERVERS = ['http://10.254.0.1:8088', 'http://10.254.0.2:8088/'];
const SETTINGS: IpxeScriptSettings = {
  retryAttempts: 10, downloadTimeoutMs: 0, kernelAppendParams: 'nofb vga=normal',
  deployKernel: 'ipa/ipa.kernel', deployRamdisk: 'ipa/ipa.initramfs', discoveryEnabled: false,
};
const CONTEXT: ScriptContext = {
  mac: MAC, bootServers: SERVERS, apiUrls: ['http://10.254.0.1:6385', 'http://10.254.0.2:6385'], settings: SETTINGS,
  requestId: 'req-00000000-0000-4000-8000-000000000001',
};

function aBootNode(overrides: Partial<BootNode> = {}): BootNode {
  return {
    uuid: '1be26c0b-03f2-4d2e-ae87-c02d7f33c123', name: 'node-1', provisionState: ProvisionState.DeployWait,
    driverInfo: {}, instanceInfo: {}, ...overrides,
  };
}

describe('bootActionFor', () => {
  it('boots the ramdisk in every agent state, the disk when active, and nothing otherwise', () => {
    const purposes: [State, string][] = [
      ['deploying', 'deploy'], ['wait call-back', 'deploy'], ['cleaning', 'clean'], ['clean wait', 'clean'],
      ['inspecting', 'inspect'], ['inspect wait', 'inspect'], ['rescuing', 'rescue'], ['rescue wait', 'rescue'],
      ['servicing', 'service'], ['service wait', 'service'],
    ];
    for (const [state, purpose] of purposes) expect(bootActionFor(state), state).toEqual({ kind: 'ramdisk', purpose });
    expect(bootActionFor('active')).toEqual({ kind: 'local' });
    for (const state of ['available', 'manageable', 'enroll', 'deploy failed', 'rescue'] as const) {
      expect(bootActionFor(state), state).toEqual({ kind: 'exit' });
    }
  });
});

describe('golden scripts', () => {
  it('boot.ipxe asks every server for each NIC, then for discovery', async () => {
    await expect(renderEntryScript(SERVERS, 10_000)).toMatchFileSnapshot('./golden/boot.ipxe');
    expect(renderEntryScript(SERVERS)).not.toContain('--timeout');
  });

  it('a node waiting for its deploy gets the deploy ramdisk from each server in turn', async () => {
    const node = aBootNode({ driverInfo: { deploy_kernel: 'ipa/k', deploy_ramdisk: 'ipa/r', kernel_append_params: 'console=ttyS0,115200 %default%' } });
    await expect(renderNodeScript(node, CONTEXT)).toMatchFileSnapshot('./golden/deploy.ipxe');
  });

  it('an active node boots its local disk', async () => {
    await expect(renderNodeScript(aBootNode({ provisionState: 'active' }), CONTEXT)).toMatchFileSnapshot('./golden/active.ipxe');
  });

  it('an unknown MAC gets the discovery ramdisk when enabled, else goes back to the firmware', async () => {
    await expect(renderDiscoveryScript({ ...CONTEXT, settings: { ...SETTINGS, discoveryEnabled: true, downloadTimeoutMs: 30_000 } }))
      .toMatchFileSnapshot('./golden/discovery.ipxe');
    expect(renderDiscoveryScript(CONTEXT)).toBe('#!ipxe\necho Ferro: unknown MAC 52-54-00-6c-ab-01\necho Ferro: discovery is off, trying the next boot device\nexit 0\n');
  });
});

const kernelLine = (script: string): string => script.split('\n').find((l) => l.startsWith('kernel')) ?? '';

describe('kernel parameters and image locations', () => {
  it('takes instance_info over driver_info over the default, and carries BOOTIF and every API URL', () => {
    const node = aBootNode({ driverInfo: { kernel_append_params: 'from-driver-info' }, instanceInfo: { kernel_append_params: 'from-instance' } });
    const line = kernelLine(renderNodeScript(node, CONTEXT));
    expect(line).toContain(' from-instance BOOTIF=01-52-54-00-6c-ab-01 initrd=ramdisk ipa-api-url=http://10.254.0.1:6385,http://10.254.0.2:6385 ipa-global-request-id=req-');
    expect(line).not.toContain('from-driver-info');
  });

  it('asks inspection ramdisks for LLDP unless kernel_append_params already says whether to', () => {
    const inspecting = (params?: string) =>
      kernelLine(renderNodeScript(aBootNode({ provisionState: 'inspect wait', driverInfo: params === undefined ? {} : { kernel_append_params: params } }), CONTEXT));
    expect(inspecting()).toContain('/v1/continue_inspection ipa-collect-lldp=1 ');
    expect(inspecting('ipa-collect-lldp=0').match(/ipa-collect-lldp/g)).toEqual(['ipa-collect-lldp']);
    expect(inspecting('ipa-lldp-timeout=31')).toContain('ipa-collect-lldp=1');
    expect(kernelLine(renderNodeScript(aBootNode(), CONTEXT))).not.toContain('lldp');
  });

  it('uses a rescue ramdisk for rescue and an absolute URL as the only source', () => {
    const node = aBootNode({ provisionState: 'rescue wait', driverInfo: { rescue_kernel: 'https://images.example/r.kernel', rescue_ramdisk: 'r/initrd' } });
    const lines = renderNodeScript(node, CONTEXT).split('\n').filter((l) => l.startsWith('kernel'));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^kernel --name kernel https:\/\/images\.example\/r\.kernel .* initrd --name ramdisk http:\/\/10\.254\.0\.1:8088\/images\/r\/initrd && boot \|\|$/);
    expect(lines[1]).toContain('initrd --name ramdisk http://10.254.0.2:8088/images/r/initrd');
  });

  it('refuses image paths that leave the image root or use other schemes', () => {
    for (const deploy_kernel of ['../etc/shadow', '/boot/vmlinuz', 'file:///boot/vmlinuz', 'a//b', 'tftp://x/k']) {
      expect(() => renderNodeScript(aBootNode({ driverInfo: { deploy_kernel } }), CONTEXT), deploy_kernel).toThrow(InvalidParameterValue);
    }
  });
});

describe('hostile values from the database cannot add iPXE commands', () => {
  it('shows a hostile node name with its dangerous characters replaced, on one echo line', () => {
    const script = renderNodeScript(aBootNode({ name: 'x\nshell\n${net0/ip} || reboot' }), CONTEXT);
    expect(script).not.toContain('\nshell');
    expect(script).not.toContain('${net0/ip}');
    expect(script).toContain('\necho Ferro: x?shell???net0/ip? ?? re, wait call-back\n');
    expect(script.split('\n')).toHaveLength(renderNodeScript(aBootNode(), CONTEXT).split('\n').length);
  });

  it('refuses kernel parameters with quotes, $, braces, pipes or newlines, naming the node and the word', () => {
    for (const params of ['a=${x}', 'a="b c"', 'x || shell', 'ok\nshell', 'a;b', 'a&&b']) {
      const render = (): string => renderNodeScript(aBootNode({ driverInfo: { kernel_append_params: params } }), CONTEXT);
      expect(render, params).toThrow(InvalidParameterValue);
      expect(render, params).toThrow(/node 1be26c0b-03f2-4d2e-ae87-c02d7f33c123/);
    }
  });

  it('percent-encodes anything iPXE could interpret in a URL', () => {
    const node = aBootNode({ driverInfo: { deploy_kernel: 'http://h/k?a=${net0/ip}&b=1 || shell', deploy_ramdisk: 'dir/it\'s ${x}.img' } });
    const line = kernelLine(renderNodeScript(node, CONTEXT));
    expect(line).toContain('http://h/k?a=%24%7Bnet0/ip%7D&b=1%20%7C%7C%20shell ');
    expect(line).toContain('/images/dir/it%27s%20%24%7Bx%7D.img && boot ||');
    expect(line.split(' || ')).toHaveLength(1);
  });

  it('refuses a boot server list that is empty or not http', () => {
    expect(() => renderEntryScript([])).toThrow(InvalidParameterValue);
    expect(() => renderEntryScript(['ftp://x'])).toThrow(InvalidParameterValue);
  });
});

/** Two boot servers as a simulated machine sees them; `down` ones refuse connections. */
function twoServers(node: BootNode, down: Set<string>): (url: string) => Promise<FetchResult> {
  return (url) => {
    const server = SERVERS.find((s) => url.startsWith(s.replace(/\/$/, '')));
    if (server === undefined || down.has(server)) return Promise.resolve({ error: 'ECONNREFUSED' });
    const path = url.slice(server.replace(/\/$/, '').length);
    if (path === '/boot.ipxe') return Promise.resolve({ status: 200, body: renderEntryScript(SERVERS) });
    if (path === '/ipxe/52-54-00-6c-ab-01') return Promise.resolve({ status: 200, body: renderNodeScript(node, CONTEXT) });
    if (path.startsWith('/ipxe/discovery/')) return Promise.resolve({ status: 200, body: renderDiscoveryScript({ ...CONTEXT, mac: MAC }) });
    if (path.startsWith('/images/')) return Promise.resolve({ status: 200, body: 'image' });
    return Promise.resolve({ status: 404, body: 'not found' });
  };
}

describe('failover in the scripts (simulated iPXE)', () => {
  const machine = (fetch: (url: string) => Promise<FetchResult>) => ({ macs: ['52:54:00:00:00:99', MAC], platform: 'pcbios' as const, fetch });

  it('boots the deploy ramdisk from the second server when the first is down', async () => {
    const boot = await simulateIpxeBoot(machine(twoServers(aBootNode(), new Set([SERVERS[0] ?? '']))), `${SERVERS[1] ?? ''}boot.ipxe`);
    expect(boot.outcome).toMatchObject({ kind: 'booted', kernel: 'http://10.254.0.2:8088/images/ipa/ipa.kernel', initrd: 'http://10.254.0.2:8088/images/ipa/ipa.initramfs' });
  });

  it('falls through when the first server dies between the script and the kernel', async () => {
    const down = new Set<string>();
    const fetch = twoServers(aBootNode(), down);
    const boot = await simulateIpxeBoot(machine(async (url) => {
      const result = await fetch(url);
      if (url.endsWith('/ipxe/52-54-00-6c-ab-01')) down.add(SERVERS[0] ?? '');
      return result;
    }), 'http://10.254.0.1:8088/boot.ipxe');
    expect(boot.outcome).toMatchObject({ kind: 'booted', kernel: 'http://10.254.0.2:8088/images/ipa/ipa.kernel' });
    expect(boot.fetches.map((f) => [f.url, f.ok])).toContainEqual(['http://10.254.0.1:8088/images/ipa/ipa.kernel', false]);
  });

  it('retries every server 10 times with growing pauses, then powers off', async () => {
    const sleeps: number[] = [];
    const fetch = twoServers(aBootNode(), new Set());
    const boot = await simulateIpxeBoot({ ...machine((url) => (url.includes('/images/') ? Promise.resolve({ status: 500, body: '' }) : fetch(url))), onSleep: (s) => sleeps.push(s) }, 'http://10.254.0.1:8088/boot.ipxe');
    expect(boot.outcome).toEqual({ kind: 'poweroff' });
    expect(sleeps).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 30]);
    expect(boot.fetches.filter((f) => f.url.endsWith('.kernel'))).toHaveLength(20);
  });

  it('skips a NIC no port knows, boots the local disk of an active node, and exits for others', async () => {
    const active = await simulateIpxeBoot(machine(twoServers(aBootNode({ provisionState: 'active' }), new Set())), 'http://10.254.0.1:8088/boot.ipxe');
    expect(active.outcome).toEqual({ kind: 'sanboot', drive: '0x80' });
    const efi = await simulateIpxeBoot({ ...machine(twoServers(aBootNode({ provisionState: 'active' }), new Set())), platform: 'efi' }, 'http://10.254.0.1:8088/boot.ipxe');
    expect(efi.outcome).toEqual({ kind: 'exit', status: 0 });
  });

  it('goes to discovery when no server knows any NIC, and reboots when no server answers', async () => {
    const unknown = await simulateIpxeBoot({ macs: ['52:54:00:00:00:98'], platform: 'pcbios', fetch: twoServers(aBootNode(), new Set()) }, 'http://10.254.0.1:8088/boot.ipxe');
    expect(unknown.echoes.at(-1)).toContain('discovery is off');
    const fetch = twoServers(aBootNode(), new Set());
    const dead = await simulateIpxeBoot(machine((url) => (url.endsWith('/boot.ipxe') ? fetch(url) : Promise.resolve({ error: 'EHOSTUNREACH' }))), 'http://10.254.0.1:8088/boot.ipxe');
    expect(dead.outcome).toEqual({ kind: 'reboot' });
  });
});
