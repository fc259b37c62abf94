import type { InterfaceName } from '../core/index.js';

/**
 * A hardware type: which implementations each interface may use, first = default (ironic.md §4.1,
 * ironic/drivers/{generic,ipmi,redfish,fake_hardware}.py), and the driver_info keys it understands.
 */
export interface HardwareType {
  name: string;
  interfaces: Readonly<Record<InterfaceName, readonly string[]>>;
  /** driver_info key -> description, as GET /v1/drivers/{name}/properties shows it. */
  properties: Readonly<Record<string, string>>;
}

/** What every generic hardware type supports besides its own power and management (GenericHardware). */
const GENERIC: Readonly<Record<InterfaceName, readonly string[]>> = {
  bios: ['no-bios'],
  boot: ['ipxe', 'pxe', 'http-ipxe', 'http'],
  console: ['no-console'],
  deploy: ['direct', 'ramdisk', 'custom-agent'],
  // `agent` firmware is Ferro's in-band firmware interface (Ironic has none); never a default.
  firmware: ['no-firmware', 'agent'],
  inspect: ['agent', 'no-inspect'],
  management: ['noop'],
  network: ['flat', 'neutron', 'noop'],
  power: [],
  raid: ['no-raid', 'agent'],
  rescue: ['no-rescue', 'agent'],
  storage: ['noop'],
  vendor: ['no-vendor'],
};

const DEPLOY_RAMDISK_PROPERTIES: Readonly<Record<string, string>> = {
  deploy_kernel: 'URL or UUID of the deployment kernel. Required.',
  deploy_ramdisk: 'URL or UUID of the ramdisk that is mounted at boot time. Required.',
  rescue_kernel: 'URL or UUID of the rescue kernel. Required for rescue.',
  rescue_ramdisk: 'URL or UUID of the rescue ramdisk. Required for rescue.',
};

/** Fake everything: instant (or configurably slow) in-memory hardware for demos, scale tests and CI. */
export const FAKE_HARDWARE: HardwareType = {
  name: 'fake-hardware',
  interfaces: {
    bios: ['fake', 'no-bios'],
    boot: ['fake', ...GENERIC.boot],
    console: ['fake', 'no-console'],
    deploy: ['fake', ...GENERIC.deploy],
    firmware: ['fake', 'no-firmware', 'agent'],
    inspect: ['fake', 'no-inspect', 'agent'],
    management: ['fake', 'noop'],
    // Ironic has no fake network interface; its fake nodes show noop network and storage (checked on 21.4).
    network: ['noop', 'flat'],
    power: ['fake'],
    raid: ['fake', 'no-raid', 'agent'],
    rescue: ['fake', 'no-rescue'],
    storage: ['noop', 'fake'],
    vendor: ['fake', 'no-vendor'],
  },
  properties: {
    fake_power_failure: 'When true, every power call fails as an unreachable BMC would. Optional.',
    fake_cpus: 'CPU count reported by fake inspection. Optional (default 8).',
    fake_memory_mb: 'Memory in MiB reported by fake inspection. Optional (default 16384).',
    fake_local_gb: 'Disk size in GiB reported by fake inspection. Optional (default 100).',
    fake_cpu_arch: 'CPU architecture reported by fake inspection. Optional (default x86_64).',
  },
};

/**
 * The operator powers the machine (ManualManagementHardware). `fake` closes the list for boot and deploy:
 * Ironic has none there, but until our PXE boot and agent deploy exist it keeps the type loadable.
 */
export const MANUAL_MANAGEMENT: HardwareType = {
  name: 'manual-management',
  interfaces: {
    ...GENERIC,
    boot: [...GENERIC.boot, 'fake'],
    deploy: [...GENERIC.deploy, 'fake'],
    management: ['noop', 'fake'],
    power: ['agent', 'fake'],
  },
  properties: { ...DEPLOY_RAMDISK_PROPERTIES },
};

/**
 * IPMI BMCs (IPMIHardware); the adapters live in drivers/ipmi. `ipmitool` is our native RMCP+ client under
 * Ironic's name (enrollment files and Metal3 pick it unchanged); `ipmitool-cli` runs the ipmitool program.
 */
export const IPMI: HardwareType = {
  name: 'ipmi',
  interfaces: {
    ...GENERIC,
    console: ['ipmitool-socat', 'no-console'],
    management: ['ipmitool', 'ipmitool-cli', 'noop'],
    power: ['ipmitool', 'ipmitool-cli'],
    vendor: ['ipmitool', 'no-vendor'],
  },
  properties: {
    ...DEPLOY_RAMDISK_PROPERTIES,
    ipmi_address: 'IP address or hostname of the node. Required.',
    ipmi_username: 'username; default is NULL user. Optional.',
    ipmi_password: 'password. Optional.',
    ipmi_port: 'remote IPMI RMCP port. Optional (default 623).',
    ipmi_priv_level: 'privilege level; default is ADMINISTRATOR. One of ADMINISTRATOR, CALLBACK, OPERATOR, USER. Optional.',
    ipmi_protocol_version: "the version of the IPMI protocol; default is '2.0'. One of '1.5', '2.0'. Optional ('1.5' needs the ipmitool-cli interfaces).",
    ipmi_cipher_suite: 'The number of a cipher suite to be used (lanplus only). The native ipmitool interfaces support 3 and 17 and try 17, then 3, when unset. Optional.',
    ipmi_force_boot_device: 'Whether Ironic should specify the boot device to the BMC each time the server is turned on, eg. because the BMC is not capable of remembering the selected boot device across power cycles; default value is False. Optional.',
    ipmi_disable_boot_timeout: 'By default the BMC is told not to clear the boot device after its 60 second timeout (raw 0x00 0x08 0x03 0x08). Set to False for BMCs that do not support it. Optional.',
    ipmi_terminal_port: 'node\'s UDP port to connect to. Only required for console access.',
  },
};

/** Redfish BMCs (RedfishHardware); the adapters live in drivers/redfish. */
export const REDFISH: HardwareType = {
  name: 'redfish',
  interfaces: {
    ...GENERIC,
    bios: ['redfish', 'no-bios'],
    boot: [...GENERIC.boot, 'redfish-virtual-media'],
    console: ['redfish-graphical', 'ipmitool-socat', 'no-console'],
    firmware: ['redfish', 'no-firmware', 'agent'],
    inspect: ['redfish', 'agent', 'no-inspect'],
    management: ['redfish', 'noop'],
    power: ['redfish'],
    raid: ['redfish', 'no-raid', 'agent'],
    vendor: ['redfish', 'no-vendor'],
  },
  properties: {
    ...DEPLOY_RAMDISK_PROPERTIES,
    redfish_address: 'The URL address to the Redfish controller. It must include the authority portion of the URL. If the scheme is missing, https is assumed. For example: https://mgmt.vendor.com. Required.',
    redfish_system_id: 'The canonical path to the ComputerSystem resource that the driver will interact with. It should include the root service, version and the unique resource path to a ComputerSystem within the same authority as the redfish_address property. For example: /redfish/v1/Systems/1. This property is only required if target BMC manages more than one ComputerSystem. Otherwise ironic will pick the only available ComputerSystem automatically.',
    redfish_username: 'User account with admin/server-profile access privilege. Although this property is not mandatory it\'s highly recommended to set a username. Optional.',
    redfish_password: 'User account password. Although this property is not mandatory, it\'s highly recommended to set a password. Optional.',
    redfish_verify_ca: 'Either a Boolean value, a path to a CA_BUNDLE file or directory with certificates of trusted CAs. If set to True the driver will verify the host certificates; if False the driver will ignore verifying the SSL certificate. If it\'s a path the driver will use the specified certificate or one of the certificates in the directory. Defaults to True. Optional.',
    redfish_auth_type: 'Redfish HTTP client authentication method. Can be "basic", "session" or "auto". The "auto" mode first tries "session" and falls back to "basic" if session authentication is not supported by the Redfish BMC. Default is "auto". Optional.',
    redfish_timeout: 'Seconds one HTTP request to the BMC may take before it is abandoned (and retried when that is safe). Default is the conductor\'s Redfish request timeout (60). Optional.',
    deploy_iso: 'URL of a prebuilt bootable deploy ISO, inserted as virtual media by the redfish-virtual-media boot interface (used for deploy, clean, inspect and service). Required by redfish-virtual-media until ISO building exists.',
    rescue_iso: 'URL of a prebuilt bootable rescue ISO for the redfish-virtual-media boot interface. Required for rescue with that interface.',
  },
};

/** Every hardware type this code base knows; configuration decides which are enabled. */
export const HARDWARE_TYPES: readonly HardwareType[] = [FAKE_HARDWARE, MANUAL_MANAGEMENT, IPMI, REDFISH];

/** Hardware types enabled when the configuration names none. */
export const DEFAULT_ENABLED_HARDWARE_TYPES: readonly string[] = ['fake-hardware', 'manual-management'];

/** Core interfaces every node must be able to resolve (BareDriver.core_interfaces); the rest may be no-op. */
export const CORE_INTERFACES: readonly InterfaceName[] = ['boot', 'deploy', 'management', 'network', 'power'];
