// Pure renderers of the iPXE scripts the HTTP boot server hands out (ironic.md §6.2: boot.ipxe and
// ipxe_config.template). Failover lives in the scripts themselves: every fetch names each boot server in turn
// and falls through to the next on any error, so a dead conductor costs one failed connection, not a boot.
import { InvalidParameterValue, ProvisionState, type JsonObject } from '../../core/index.js';
import type { BootNode } from './boot-data-reader.js';
import { ipxeBaseUrl, ipxeImagePath, ipxeKernelParams, ipxeText, ipxeUrl } from './ipxe-safe-text.js';

/** Why a machine boots the agent ramdisk (drivers' RamdiskPurpose; Ironic's deploy, rescue … labels). */
export type RamdiskPurpose = 'deploy' | 'clean' | 'inspect' | 'rescue' | 'service';

/** What a node's script does: boot the ramdisk for a purpose, boot its local disk, or hand back to firmware. */
export type BootAction = { kind: 'ramdisk'; purpose: RamdiskPurpose } | { kind: 'local' } | { kind: 'exit' };

/** Options of the rendered scripts (the httpBoot config slice). */
export interface IpxeScriptSettings {
  /** Rounds over all boot servers before giving up and powering off (Ironic's :deploy loop: 10). */
  retryAttempts: number;
  /** iPXE `--timeout` (no progress for this long fails a download) of scripts, kernels, ramdisks; 0: iPXE's TCP timeouts. */
  downloadTimeoutMs: number;
  /** Kernel parameters for every ramdisk; `%default%` in a node's own value expands to these. */
  kernelAppendParams: string;
  /** Default deploy kernel and ramdisk: http(s) URL or path under the image root (driver_info wins). */
  deployKernel: string;
  deployRamdisk: string;
  /** Unknown MACs boot the ramdisk for discovery (inspection) instead of leaving to the next boot device. */
  discoveryEnabled: boolean;
}

/** Everything a per-node or discovery script depends on besides the node. */
export interface ScriptContext {
  mac: string;
  bootServers: readonly string[];
  apiUrls: readonly string[];
  settings: IpxeScriptSettings;
  /** Passed to the agent as ipa-global-request-id, so its requests can be traced back to this boot. */
  requestId: string;
}

const S = ProvisionState;
const RAMDISK_STATES: ReadonlyMap<ProvisionState, RamdiskPurpose> = new Map([
  [S.Deploying, 'deploy'], [S.DeployWait, 'deploy'], [S.Cleaning, 'clean'], [S.CleanWait, 'clean'],
  [S.Inspecting, 'inspect'], [S.InspectWait, 'inspect'], [S.Rescuing, 'rescue'], [S.RescueWait, 'rescue'],
  [S.Servicing, 'service'], [S.ServiceWait, 'service'],
]);

/** The boot action for a provision state: agent states boot the ramdisk, active boots its disk, others exit. */
export function bootActionFor(state: ProvisionState): BootAction {
  const purpose = RAMDISK_STATES.get(state);
  if (purpose !== undefined) return { kind: 'ramdisk', purpose };
  if (state === S.Active) return { kind: 'local' };
  return { kind: 'exit' };
}

function checkedServers(servers: readonly string[]): string[] {
  if (servers.length === 0) throw new InvalidParameterValue('No boot server URL is configured (httpBoot.publicUrl).');
  return [...new Set(servers.map((s) => ipxeBaseUrl(s, 'Boot server URL')))];
}

/** `aa-bb-cc-dd-ee-ff` for a canonical MAC; refuses anything else (it is placed in scripts verbatim). */
function hexhyp(mac: string): string {
  if (!/^([0-9a-f]{2}:){5}[0-9a-f]{2}$/.test(mac)) throw new InvalidParameterValue(`Not a canonical MAC address: ${JSON.stringify(mac)}.`);
  return mac.replaceAll(':', '-');
}

/**
 * boot.ipxe, the script DHCP points iPXE at: for each network device, ask each boot server in turn for the
 * script of that device's MAC (`/ipxe/<mac>`; 404 for an unknown MAC, so the next device is tried), then the
 * discovery script; if no server answers at all, wait and reboot (Ironic: prompt, then reboot).
 */
export function renderEntryScript(bootServers: readonly string[], downloadTimeoutMs = 0): string {
  const servers = checkedServers(bootServers);
  const timeout = timeoutOption(downloadTimeoutMs);
  const tryAll = (path: string): string => servers.map((s) => `chain${timeout} --autofree ${s}${path}`).join(' || ');
  return [
    '#!ipxe',
    '# Ferro entry script: every boot server is tried in turn for every request (failover).',
    'set ferro-nic:int32 -1',
    ':ferro_nic',
    'inc ferro-nic',
    'isset ${net${ferro-nic}/mac} || goto ferro_unknown',
    'echo Ferro: asking for the script of ${net${ferro-nic}/mac}',
    `${tryAll('/ipxe/${net${ferro-nic}/mac:hexhyp}')} || goto ferro_nic`,
    'exit 0',
    ':ferro_unknown',
    `${tryAll('/ipxe/discovery/${net0/mac:hexhyp}')} || goto ferro_failed`,
    'exit 0',
    ':ferro_failed',
    'echo Ferro: no boot server answered, rebooting in 60 seconds',
    'sleep 60',
    'reboot',
    '',
  ].join('\n');
}

/** The script of a known node, by its provision state (throws InvalidParameterValue for unsafe driver_info). */
export function renderNodeScript(node: BootNode, context: ScriptContext): string {
  const action = bootActionFor(node.provisionState);
  // Firmware consoles cut lines at 80 columns: the node on one line, its name and state on the next.
  const label = [`node ${ipxeText(node.uuid)}`, `${node.name === null ? '' : `${ipxeText(node.name.slice(0, 24))}, `}${ipxeText(node.provisionState)}`];
  switch (action.kind) {
    case 'ramdisk':
      return renderRamdiskScript(label, action.purpose, node, context);
    case 'local':
      return renderLocalBootScript(label);
    case 'exit':
      return ['#!ipxe', ...echo(label), 'echo Ferro: nothing to boot from the network', 'exit 0', ''].join('\n');
  }
}

/** The script for a MAC no port knows: the discovery ramdisk when enabled, else back to the firmware. */
export function renderDiscoveryScript(context: ScriptContext): string {
  const label = [`unknown MAC ${hexhyp(context.mac)}`];
  if (!context.settings.discoveryEnabled) {
    return ['#!ipxe', ...echo(label), 'echo Ferro: discovery is off, trying the next boot device', 'exit 0', ''].join('\n');
  }
  return renderRamdiskScript(label, 'inspect', undefined, context);
}

/**
 * iPXE's `--timeout`: how long a download may make no progress (monojob_wait resets it on progress), so it
 * bounds the wait for a boot server whose host is gone without limiting large transfers. Without it iPXE's
 * own TCP timeouts took ~33 s per dead host in the lab; with 5 s, ~6 s.
 */
function timeoutOption(downloadTimeoutMs: number): string {
  return downloadTimeoutMs > 0 ? ` --timeout ${String(Math.trunc(downloadTimeoutMs))}` : '';
}

/** `echo` lines; their text went through ipxeText (or is a checked MAC). */
function echo(lines: readonly string[]): string[] {
  return lines.map((line) => `echo Ferro: ${line}`);
}

/** Ironic's :boot_whole_disk: on BIOS boot the first disk through INT 13h; elsewhere let firmware go on. */
function renderLocalBootScript(label: readonly string[]): string {
  return [
    '#!ipxe',
    ...echo(label),
    'echo Ferro: booting from the local disk',
    'iseq ${platform} pcbios && sanboot --no-describe --drive 0x80 ||',
    'exit 0',
    '',
  ].join('\n');
}

function stringField(info: JsonObject, key: string): string | undefined {
  const value = info[key];
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;
}

/** Each place a kernel or ramdisk may be fetched from: one URL, or the same path on every boot server. */
function imageUrls(location: string, servers: readonly string[], what: string): string[] {
  if (/^[a-z][a-z0-9+.-]*:/i.test(location)) return [ipxeUrl(location, what)];
  const path = ipxeImagePath(location, what);
  return servers.map((server) => `${server}/images/${path}`);
}

/** Kernel parameters: instance_info, else driver_info, else the default; `%default%` expands (Ironic). */
function kernelParams(node: BootNode | undefined, settings: IpxeScriptSettings, who: string): string[] {
  const own = node === undefined ? undefined
    : stringField(node.instanceInfo, 'kernel_append_params') ?? stringField(node.driverInfo, 'kernel_append_params');
  const value = (own ?? settings.kernelAppendParams).replaceAll('%default%', settings.kernelAppendParams);
  return ipxeKernelParams(value, `kernel_append_params of ${who}`);
}

function agentParams(purpose: RamdiskPurpose, context: ScriptContext, own: readonly string[]): string[] {
  const apis = context.apiUrls.map((u) => ipxeBaseUrl(u, 'API URL'));
  const params = apis.length === 0 ? [] : [`ipa-api-url=${apis.join(',')}`];
  if (purpose === 'inspect' && apis[0] !== undefined) params.push(`ipa-inspection-callback-url=${apis[0]}/v1/continue_inspection`);
  // Inspection collects LLDP (ironic-inspector's PXE config, Ironic's force_dhcp): ports get their switch port.
  // An ipa-collect-lldp in kernel_append_params wins, as Ironic's setdefault lets it.
  if (purpose === 'inspect' && !own.some((p) => /^ipa-collect-lldp(=|$)/.test(p))) params.push('ipa-collect-lldp=1');
  params.push(...ipxeKernelParams(`ipa-global-request-id=${context.requestId}`, 'request id'));
  return params;
}

function renderRamdiskScript(label: readonly string[], purpose: RamdiskPurpose, node: BootNode | undefined, context: ScriptContext): string {
  const { settings } = context;
  const servers = checkedServers(context.bootServers);
  const who = node === undefined ? `MAC ${context.mac}` : `node ${node.uuid}`;
  const info = node?.driverInfo ?? {};
  const prefix = purpose === 'rescue' ? 'rescue' : 'deploy';
  const kernel = stringField(info, `${prefix}_kernel`) ?? stringField(info, 'deploy_kernel') ?? settings.deployKernel;
  const ramdisk = stringField(info, `${prefix}_ramdisk`) ?? stringField(info, 'deploy_ramdisk') ?? settings.deployRamdisk;
  const kernels = imageUrls(kernel, servers, `${prefix}_kernel of ${who}`);
  const ramdisks = imageUrls(ramdisk, servers, `${prefix}_ramdisk of ${who}`);
  const own = kernelParams(node, settings, who);
  const args = [...own, `BOOTIF=01-${hexhyp(context.mac)}`, 'initrd=ramdisk', ...agentParams(purpose, context, own)];
  const timeout = timeoutOption(settings.downloadTimeoutMs);
  const attempts = String(Math.max(1, Math.trunc(settings.retryAttempts)));
  // Pair the n-th kernel source with the n-th ramdisk source; a single URL pairs with every server.
  const sources = Math.max(kernels.length, ramdisks.length);
  const tries = Array.from({ length: sources }, (_, i) => [
    'imgfree',
    `kernel${timeout} --name kernel ${kernels[i] ?? kernels[0] ?? ''} ${args.join(' ')} && initrd${timeout} --name ramdisk ${ramdisks[i] ?? ramdisks[0] ?? ''} && boot ||`,
  ]).flat();
  return [
    '#!ipxe',
    `# Each attempt tries every source in turn, ${attempts} attempts as Ironic's :deploy.`,
    ...echo(label),
    'set ferro-attempt:int32 0',
    ':ferro_attempt',
    'inc ferro-attempt',
    `echo Ferro: loading the ${purpose} ramdisk (attempt \${ferro-attempt}/${attempts})`,
    ...tries,
    `iseq \${ferro-attempt} ${attempts} && goto ferro_give_up ||`,
    'sleep ${ferro-attempt}',
    'goto ferro_attempt',
    ':ferro_give_up',
    `echo Ferro: no boot server delivered the ${purpose} ramdisk, powering off in 30 seconds`,
    'sleep 30',
    'poweroff',
    '',
  ].join('\n');
}
