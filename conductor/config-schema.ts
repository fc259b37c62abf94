import Type, { type TSchema } from 'typebox';

/**
 * The conductor's one configuration schema (STYLE §7). Every option has a default, a one-line
 * description and, where it has one, a unit that its name ends with (`…S` seconds, `…Ms` milliseconds,
 * `…Bytes` bytes). docs/config.md is generated from this file by `npm run docs:gen`.
 */

/** Extra annotations we put on option schemas; TypeBox keeps unknown keywords as they are. */
export interface OptionAnnotations {
  /** Unit of a number, shown in docs/config.md. */
  unit?: 'seconds' | 'milliseconds' | 'bytes';
  /** How docs show a default that is computed at load time (an empty string in the schema). */
  docDefault?: string;
}

const seconds = (value: number, description: string, minimum = 0) =>
  Type.Integer({ default: value, minimum, maximum: 31_536_000, description, unit: 'seconds' });
const milliseconds = (value: number, description: string) =>
  Type.Integer({ default: value, minimum: 0, maximum: 3_600_000, description, unit: 'milliseconds' });
const count = (value: number, description: string, minimum = 1, maximum = 1_000_000) =>
  Type.Integer({ default: value, minimum, maximum, description });
const flag = (value: boolean, description: string) => Type.Boolean({ default: value, description });
const text = (value: string, description: string, extra: OptionAnnotations = {}) =>
  Type.String({ default: value, description, ...extra });
const oneOf = <const T extends string[]>(values: readonly [...T], value: T[number], description: string) =>
  Type.Enum(values, { default: value, description });
const section = <P extends Record<string, TSchema>>(properties: P) =>
  Type.Object(properties, { additionalProperties: false });

const api = section({
  host: text('127.0.0.1', 'Address the Ironic API listens on; anything but loopback needs authentication.'),
  port: count(6385, 'TCP port of the Ironic API.', 1, 65_535),
  authStrategy: oneOf(
    ['noauth', 'http_basic'],
    'noauth',
    'noauth trusts every caller; http_basic checks users in htpasswdPath.',
  ),
  htpasswdPath: text('', 'Apache htpasswd file with bcrypt entries, required by http_basic.'),
  allowInsecureNoauth: flag(false, 'Allow noauth on a non-loopback host (only behind an authenticating proxy).'),
  publicUrl: text('', 'Base URL for links in responses, e.g. https://bm.example.com:6385; empty uses the Host header.'),
  maxLimit: count(1000, 'Largest page size a list request may ask for with ?limit (Ironic [api]max_limit).'),
  maxBodyBytes: Type.Integer({
    default: 1_048_576,
    minimum: 1024,
    maximum: 1_073_741_824,
    unit: 'bytes',
    description: 'Largest accepted request body; config drives count toward it.',
  }),
  debug: flag(false, 'Put stack traces in error bodies (debuginfo); never enable in production.'),
});

const database = section({
  url: text('', 'sqlite://<path>, postgres://user@host:port/db (several conductors) or memory:// (tests).', {
    docDefault: 'sqlite://<dataDir>/ferro.db',
  }),
  synchronous: oneOf(
    ['full', 'normal'],
    'normal',
    'SQLite PRAGMA synchronous (WAL): normal survives a conductor crash; full also survives power loss, at one fsync per write.',
  ),
  busyTimeoutMs: milliseconds(5000, 'How long a SQLite writer waits for the write lock before failing.'),
  poolSize: count(10, 'PostgreSQL connections per conductor.', 1, 1000),
});

const conductor = section({
  hostname: text('', 'Name of this conductor in reservations, heartbeats and GET /v1/conductors.', {
    docDefault: "the machine's hostname",
  }),
  group: text('', 'Conductor group; serves only nodes whose conductor_group matches (empty = ungrouped).'),
  enabledHardwareTypes: Type.Array(Type.String({ minLength: 1 }), {
    default: ['fake-hardware', 'manual-management', 'ipmi', 'redfish'],
    minItems: 1,
    uniqueItems: true,
    description: 'Hardware types this conductor loads (env: comma-separated).',
  }),
  heartbeatIntervalS: seconds(10, 'How often the conductor refreshes its row in the conductors table.', 1),
  heartbeatTimeoutS: seconds(60, 'A conductor silent this long is offline; its nodes move to others.', 2),
  syncPowerStateIntervalS: seconds(60, 'How often power states are read from BMCs (0 disables).'),
  syncPowerStateWorkers: count(8, 'BMCs queried at once by the power-state sync.', 1, 1000),
  powerStateSyncMaxRetries: count(3, 'Disagreeing power reads before a node gets a power failure fault.', 0, 100),
  checkProvisionStateIntervalS: seconds(60, 'How often wait states are checked for callback timeouts (0 disables).'),
  deployCallbackTimeoutS: seconds(1800, "Time allowed in 'wait call-back' before deploy fails (0 = never)."),
  cleanCallbackTimeoutS: seconds(1800, "Time allowed in 'clean wait' before cleaning fails (0 = never)."),
  inspectWaitTimeoutS: seconds(1800, "Time allowed in 'inspect wait' before inspection fails (0 = never)."),
  rescueCallbackTimeoutS: seconds(1800, "Time allowed in 'rescue wait' before rescue fails (0 = never)."),
  serviceCallbackTimeoutS: seconds(1800, "Time allowed in 'service wait' before servicing fails (0 = never)."),
  powerStateChangeTimeoutS: seconds(60, 'How long to wait for a BMC to confirm a power change.', 1),
  powerPollIntervalMs: milliseconds(1000, 'Pause between power-state read-backs while confirming a change.'),
  softPowerOffTimeoutS: seconds(600, 'How long a soft power off or soft reboot may take before it fails.', 1),
  forcePowerStateDuringSync: flag(
    true,
    "On a power mismatch, push the recorded state to the BMC (else record the BMC's).",
  ),
  powerFailureRecoveryIntervalS: seconds(
    300,
    "How often nodes in maintenance for 'power failure' are retried (0 disables).",
  ),
  nodeLockedRetryAttempts: count(3, 'Attempts to reserve a locked node before answering NodeLocked.', 1, 100),
  nodeLockedRetryIntervalMs: milliseconds(1000, 'Pause between those reservation attempts.'),
  maxConcurrentDeploy: count(250, 'Deploys in progress at once on this conductor; more get HTTP 503.'),
  maxConcurrentClean: count(50, 'Cleanings in progress at once on this conductor; more get HTTP 503.'),
  workersPoolSize: count(300, 'Background operations (verbs, power changes) at once on this conductor; more get HTTP 503, which clients retry.'),
  automatedClean: flag(true, 'Clean nodes on provide and undeploy (nodes may override with automated_clean).'),
  gracefulShutdownTimeoutS: seconds(60, 'On SIGTERM, how long running operations may finish before exit.'),
  historyMaxEntries: count(300, 'Node history events kept per node; older ones are pruned.', 0),
  historyCleanupIntervalS: seconds(86_400, 'How often node history is pruned to historyMaxEntries (0 disables).'),
});

const fake = section({
  powerDelayMs: milliseconds(0, 'Delay of each fake-hardware power change.'),
  managementDelayMs: milliseconds(0, 'Delay of fake boot-device, boot-mode and NMI requests.'),
  bootDelayMs: milliseconds(0, 'Delay of fake boot preparation (ramdisk and instance).'),
  deployDelayMs: milliseconds(0, 'Delay of the fake deploy (writing the image).'),
  cleanDelayMs: milliseconds(0, 'Delay of each fake clean step.'),
  inspectDelayMs: milliseconds(0, 'Delay of fake inspection.'),
  rescueDelayMs: milliseconds(0, 'Delay of fake rescue and unrescue.'),
  serviceDelayMs: milliseconds(0, 'Delay of each fake service step.'),
});

const ipmi = section({
  requestTimeoutMs: milliseconds(1000, 'How long to wait for one IPMI reply before retransmitting (UDP).'),
  attempts: count(4, 'Transmissions of one IPMI request before the BMC counts as not answering.', 1, 20),
  maxSessionsPerBmc: count(1, 'RMCP+ sessions held open per BMC; BMCs allow only a few.', 1, 8),
  sessionIdleTimeoutMs: milliseconds(60_000, 'Close an unused RMCP+ session after this long.'),
  keepaliveIntervalMs: milliseconds(15_000, 'Keep an open session alive with a no-op this often.'),
  ipmitoolMaxConcurrent: count(8, 'ipmitool processes at once for nodes using the ipmitool-cli interfaces.', 1, 256),
});

const redfish = section({
  requestTimeoutMs: milliseconds(60_000, 'How long one Redfish request may take (sushy: 60 s).'),
  connectTimeoutMs: milliseconds(30_000, 'How long to wait for a TCP/TLS connection to a BMC.'),
  transportAttempts: count(3, 'Tries of an idempotent request that failed in transport.', 1, 20),
  busyAttempts: count(6, 'Tries of a request the BMC answered "busy".', 1, 100),
  connectionsPerBmc: count(2, 'HTTP connections kept open per BMC.', 1, 16),
  taskTimeoutMs: milliseconds(1_800_000, 'How long to follow a Redfish task (firmware updates are slow).'),
});

const httpBoot = section({
  enabled: flag(false, 'Run the HTTP boot server (iPXE scripts, kernels, ramdisks) on this conductor.'),
  host: text('0.0.0.0', 'Address the HTTP boot server listens on; machines on the provisioning network must reach it.'),
  port: count(8088, 'TCP port of the HTTP boot server.', 1, 65_535),
  publicUrl: text('', 'Base URL machines use for this boot server, e.g. http://10.0.0.1:8088.', {
    docDefault: 'http://<host>:<port>',
  }),
  peerUrls: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    uniqueItems: true,
    description: "Other conductors' boot server URLs; scripts fall through to them in order (env: comma-separated).",
  }),
  apiUrls: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    uniqueItems: true,
    description: 'Ironic API URLs the agent is given (ipa-api-url), tried in order (env: comma-separated).',
    docDefault: 'api.publicUrl, else http://<api.host>:<api.port>',
  }),
  imageRoot: text('', 'Directory served under /images/: deploy kernels and ramdisks, images.', { docDefault: '<dataDir>/images' }),
  ipxeDir: text('/usr/lib/ipxe', "iPXE binaries (Debian package ipxe) served at the top level, e.g. /snponly.efi."),
  deployKernel: text('deploy.kernel', 'Deploy kernel when driver_info has none: http(s) URL or path under imageRoot.'),
  deployRamdisk: text('deploy.initramfs', 'Deploy ramdisk when driver_info has none: http(s) URL or path under imageRoot.'),
  kernelAppendParams: text('nofb vga=normal', 'Kernel parameters of the ramdisk unless the node sets kernel_append_params.'),
  downloadTimeoutMs: milliseconds(10_000, 'iPXE --timeout: a download stalled this long fails over to the next boot server (0: iPXE TCP timeouts, ~33 s).'),
  retryAttempts: count(10, 'Rounds over all boot servers before iPXE gives up and powers off (Ironic: 10).', 1, 100),
  discoveryEnabled: flag(false, 'Boot machines with an unknown MAC into the ramdisk for discovery (else: next boot device).'),
});

const names = (description: string) =>
  Type.Array(Type.String({ minLength: 1 }), { default: [], uniqueItems: true, description });

const dhcp = section({
  enabled: flag(false, 'Run the DHCP server (needs root or CAP_NET_RAW/CAP_NET_BIND_SERVICE for port 67).'),
  mode: oneOf(
    ['full', 'proxy'],
    'full',
    'full hands out addresses and boot files; proxy answers PXE clients only (ports 67 + 4011) beside the site DHCP.',
  ),
  interfaces: names('Network interfaces to serve on, e.g. br0 (env: comma-separated); one bound socket each.'),
  subnets: names(
    'Subnets served, one per entry: "<cidr> <first>-<last> [router=<ip>] [dns=<ip>+<ip>]"; relayed ones too (env: comma-separated).',
  ),
  leaseTimeS: seconds(3600, 'Lease time given to clients (option 51); they renew at half of it.', 60),
  offerHoldS: seconds(60, 'How long an offered address stays reserved for the client it was offered to.', 1),
  declineHoldS: seconds(600, 'How long an address a client declined (found in use) is kept out of the pool.', 1),
  allowUnknownClients: flag(false, 'Give addresses to MACs that are no enrolled port (discovery, inspection).'),
  maxDynamicLeases: count(1000, 'Most addresses held by unknown clients per subnet (starvation bound).', 0),
  maxNewClientsPerSecond: count(50, 'Most new unknown clients offered an address per second per subnet.', 1, 100_000),
  bootServer: text('', 'TFTP server address (siaddr, option 66); empty = the address of the interface the request came in on.'),
  httpBaseUrl: text('', 'Base URL of the boot HTTP server; empty = http://<bootServer>:<httpBoot.port>.'),
  ipxeScriptPath: text('boot.ipxe', 'Path of the iPXE script under httpBaseUrl, given to iPXE clients.'),
  biosBootFile: text('undionly.kpxe', 'Boot file for BIOS PXE clients (option 93 = 0).'),
  uefiX64BootFile: text('snponly.efi', 'Boot file for UEFI x86-64 clients (93 = 6, 7, 9; by HTTP for 16): snponly.efi or ipxe.efi.'),
  uefiArm64BootFile: text('ipxe-arm64.efi', 'Boot file for UEFI arm64 clients (93 = 11; by HTTP for 19).'),
  routerAdvertisements: flag(
    false,
    'Answer IPv6 router solicitations with an RA announcing nothing, so iPXE skips its ~13 s IPv6 wait (provisioning networks).',
  ),
});

const tftp = section({
  enabled: flag(false, 'Run the read-only TFTP server (port 69 needs root or CAP_NET_BIND_SERVICE).'),
  root: text('', 'Directory served over TFTP: only the small iPXE binaries; symlinks leaving it are refused, so copy files in.', {
    docDefault: '<dataDir>/tftpboot',
  }),
  host: text('0.0.0.0', 'Address the TFTP server listens on when tftp.interfaces is empty.'),
  interfaces: Type.Array(Type.String({ minLength: 1 }), {
    default: [],
    uniqueItems: true,
    description: 'Interfaces to listen on, one socket per IPv4 address, so replies leave from the address asked (env: comma-separated).',
  }),
  port: count(69, 'UDP port of the TFTP server.', 1, 65_535),
  maxTransfers: count(500, 'Transfers at once; more requests get "server busy" and retry.', 1, 100_000),
  maxTransfersPerClient: count(8, 'Transfers at once per client address.', 1, 100_000),
  blksizeMax: count(1468, 'Largest block size granted (RFC 2348); 1468 fills a 1500-byte MTU.', 8, 65_464),
  windowsizeMax: count(16, 'Largest window granted (RFC 7440), in blocks.', 1, 65_535),
  timeoutMs: Type.Integer({
    default: 1000, minimum: 10, maximum: 255_000, unit: 'milliseconds',
    description: 'Retransmission timeout unless the client asks for one (RFC 2349 timeout).',
  }),
  maxRetries: count(5, 'Retransmissions of one block or window before a transfer is abandoned.', 0, 100),
});

const agent = section({
  heartbeatTimeoutS: seconds(300, 'config.heartbeat_timeout given to the agent; it heartbeats every 30-60 % of it (Ironic [api]ramdisk_heartbeat_timeout).', 10),
  commandTimeoutS: seconds(60, 'How long one request to the agent may take (Ironic [agent]command_timeout).', 1),
  requireTls: flag(true, "Refuse heartbeats whose callback_url is not https (Ironic [agent]require_tls); Ferro's agent always uses TLS."),
  deployLogsCollect: oneOf(
    ['always', 'on_failure', 'never'],
    'on_failure',
    'When to collect the ramdisk logs (Ironic [agent]deploy_logs_collect); stored under <dataDir>/agent-logs.',
  ),
  deployLogsMaxBytes: Type.Integer({
    default: 52_428_800, minimum: 1024, maximum: 1_073_741_824, unit: 'bytes',
    description: 'Larger ramdisk log tarballs are not stored (a warning is logged).',
  }),
  deployLogsKeepPerNode: count(10, 'Ramdisk log tarballs kept per node; older ones are deleted.', 1, 1000),
  powerOffGraceS: seconds(5, 'After asking the agent to power off (tear_down_agent), wait this long before the BMC powers off.'),
  streamRawImages: flag(true, 'Let the agent stream raw images straight to disk (IPA stream_raw_images).'),
  eraseDevicesPriority: count(0, 'Priority of the full disk erase in automated cleaning; 0 disables it (Ironic default 10; Metal3 0).', 0, 1000),
  eraseDevicesMetadataPriority: count(99, 'Priority of the metadata erase in automated cleaning; 0 disables it (Ironic: 99).', 0, 1000),
  discoveryEnabled: flag(false, 'Enroll machines that post inspection data and match no node (Ironic [auto_discovery]enabled).'),
  fastTrack: flag(false, 'Reuse a running agent ramdisk between inspection, cleaning and deployment instead of rebooting into it (Ironic [deploy]fast_track).'),
  fastTrackTimeoutS: seconds(300, 'Fast-track only when the agent heartbeated within this long (Ironic [deploy]fast_track_timeout).', 1),
  discoveryDriver: text('manual-management', 'Driver of discovered nodes; manual-management becomes ipmi (with ipmi_address) when the inventory has a BMC address.'),
});

const log = section({
  level: oneOf(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'], 'info', 'Least severe level written.'),
});

/** The whole conductor configuration. */
export const ConductorConfigSchema = Type.Object(
  {
    dataDir: text(
      './.ferro',
      'Directory for the SQLite database and other local state, relative to the working directory.',
    ),
    api,
    database,
    conductor,
    fake,
    ipmi,
    redfish,
    httpBoot,
    dhcp,
    tftp,
    agent,
    log,
  },
  { additionalProperties: false },
);

/** The configuration as validated: every option present. */
export type ConductorConfigData = Type.Static<typeof ConductorConfigSchema>;

/** One option of the schema, flattened for loaders and docs/config.md. */
export interface ConfigOption {
  /** Dotted path, e.g. `api.port`, or `dataDir` at the top level. */
  readonly path: string;
  readonly section: string | undefined;
  readonly key: string;
  /** e.g. FERRO_API_PORT. */
  readonly envVar: string;
  readonly schema: TSchema & OptionAnnotations & { default?: unknown; description?: string };
}

/** Environment variable prefix of the conductor. */
export const ENV_PREFIX = 'FERRO';

/** `heartbeatIntervalS` -> `HEARTBEAT_INTERVAL_S`. */
export function toUpperSnake(camel: string): string {
  return camel.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

/** Every option of the schema in declaration order. */
export function listConfigOptions(): ConfigOption[] {
  const options: ConfigOption[] = [];
  for (const [key, schema] of Object.entries(ConductorConfigSchema.properties) as [string, TSchema][]) {
    const nested = (schema as { properties?: Record<string, TSchema> }).properties;
    if (nested === undefined) {
      options.push({ path: key, section: undefined, key, envVar: `${ENV_PREFIX}_${toUpperSnake(key)}`, schema });
      continue;
    }
    for (const [sub, subSchema] of Object.entries(nested)) {
      const envVar = `${ENV_PREFIX}_${toUpperSnake(key)}_${toUpperSnake(sub)}`;
      options.push({ path: `${key}.${sub}`, section: key, key: sub, envVar, schema: subSchema });
    }
  }
  return options;
}

/** What an option accepts, in words, for error messages and docs/config.md. */
export function describeExpected(schema: TSchema): string {
  const s = schema as {
    type?: unknown;
    enum?: unknown[];
    minimum?: number;
    maximum?: number;
    unit?: string;
    minLength?: number;
  };
  if (Array.isArray(s.enum)) return `one of ${s.enum.map((v) => JSON.stringify(v)).join(', ')}`;
  if (s.type === 'integer')
    return `an integer from ${s.minimum ?? '-∞'} to ${s.maximum ?? '∞'}${s.unit === undefined ? '' : ` (${s.unit})`}`;
  if (s.type === 'boolean') return 'true or false';
  if (s.type === 'array') return 'a list of distinct non-empty strings (env: comma-separated)';
  return 'a string';
}
