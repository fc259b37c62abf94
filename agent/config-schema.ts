import Type, { type TSchema } from 'typebox';

/**
 * The agent's one configuration schema (STYLE §7). Flat: the agent has a dozen options, most of them set by
 * the conductor on the kernel command line under IPA's names (`ipa-api-url` …), so sections would only add
 * noise. Every option has a default, a one-line description and, where it has one, a unit.
 */

/** Extra annotations on option schemas; TypeBox keeps unknown keywords as they are. */
export interface AgentOptionAnnotations {
  unit?: 'seconds' | 'bytes';
  /** The kernel command line parameter that sets this option (IPA's name), if any. */
  cmdline?: string;
  /** Never printed: logs and error messages show `***` instead. */
  secret?: boolean;
}

const seconds = (value: number, description: string, cmdline: string, minimum: number, maximum: number) =>
  Type.Integer({ default: value, minimum, maximum, description, unit: 'seconds', cmdline });
const flag = (value: boolean, description: string, cmdline?: string) =>
  Type.Boolean({ default: value, description, ...(cmdline === undefined ? {} : { cmdline }) });
const text = (value: string, description: string, extra: AgentOptionAnnotations & { maxLength?: number } = {}) =>
  Type.String({ default: value, maxLength: 4096, description, ...extra });
const list = (description: string, cmdline: string) =>
  Type.Array(Type.String({ minLength: 1, maxLength: 4096 }), { default: [], maxItems: 64, description, cmdline });

/** The whole agent configuration. */
export const AgentConfigSchema = Type.Object(
  {
    apiUrls: list('Ironic API URLs for lookup and heartbeat, tried in order (comma-separated).', 'ipa-api-url'),
    inspectionCallbackUrl: text('', 'continue_inspection URL; when set the agent posts its inventory first.', {
      cmdline: 'ipa-inspection-callback-url',
    }),
    bootif: text('', 'MAC address of the NIC the machine PXE-booted from (BOOTIF=01-aa-bb-…).', { cmdline: 'BOOTIF' }),
    globalRequestId: text('', 'Request id sent as X-OpenStack-Request-ID with every call to the API.', {
      cmdline: 'ipa-global-request-id',
      maxLength: 255,
    }),
    agentToken: text('', 'Pregenerated agent token (virtual media); otherwise lookup hands one out.', {
      cmdline: 'ipa-agent-token',
      secret: true,
    }),
    insecure: flag(false, "Do not verify the Ironic API's TLS certificate.", 'ipa-insecure'),
    tls: flag(
      true,
      'Serve the command API over https with a self-signed certificate (IPA auto-TLS).',
      'ipa-enable-auto-tls',
    ),
    lookupTimeoutS: seconds(600, 'Give up looking the node up after this long.', 'ipa-lookup-timeout', 1, 86_400),
    lookupIntervalS: seconds(1, 'First pause between lookups; it grows to 60 s.', 'ipa-lookup-interval', 1, 60),
    listenHost: text('::', 'Address the command API listens on.', { cmdline: 'ipa-listen-host' }),
    listenPort: Type.Integer({
      default: 9999,
      minimum: 1,
      maximum: 65_535,
      description: 'TCP port of the command API.',
      cmdline: 'ipa-listen-port',
    }),
    advertiseHost: text('', 'Address the conductor calls back; empty = the source address of the route to the API.', {
      cmdline: 'ipa-advertise-host',
    }),
    debug: flag(false, 'Log at debug level.', 'ipa-debug'),
    collectLldp: flag(
      false,
      "Listen for LLDP on the NICs from agent start and report the TLVs in the inventory (interfaces[].lldp); Ferro's conductor asks for it on inspection boots.",
      'ipa-collect-lldp',
    ),
    // A number, not an integer: IPA's ipa-lldp-timeout is a float, and a value IPA takes must not stop the agent.
    lldpTimeoutS: Type.Number({
      default: 5,
      minimum: 0,
      maximum: 600,
      unit: 'seconds',
      cmdline: 'ipa-lldp-timeout',
      description:
        'How long to listen for LLDP (listening starts with the agent); it ends earlier once every NIC with a link has heard a frame.',
    }),
    diskFiles: list(
      "Test/demo mode: these regular files are the machine's disks (host disks are never touched).",
      'ferro-disk-files',
    ),
    stateDir: text('/run/ferro-agent', 'Directory (a tmpfs) that keeps the agent token across restarts of the agent within one boot; empty = nowhere.'),
    logFile: text(
      '/var/log/ferro-agent.log',
      'File the agent also logs to (collected by log.collect_system_logs); empty = none.',
    ),
    consolePath: text(
      '/dev/console',
      'Where the FERRO-AGENT boot markers are written (besides stdout); empty = stdout only.',
    ),
    maxBodyBytes: Type.Integer({
      default: 134_217_728,
      minimum: 1024,
      maximum: 1_073_741_824,
      unit: 'bytes',
      description: 'Largest command request body (a config drive travels inside prepare_image).',
    }),
  },
  { additionalProperties: false },
);

/** The configuration as validated. */
export type AgentConfigData = Type.Static<typeof AgentConfigSchema>;

/** One option, flattened for the loader, the CLI and the README. */
export interface AgentConfigOption {
  readonly key: Extract<keyof AgentConfigData, string>;
  /** e.g. FERRO_AGENT_LOOKUP_TIMEOUT_S. */
  readonly envVar: string;
  /** e.g. --lookup-timeout-s. */
  readonly flag: string;
  readonly schema: TSchema & AgentOptionAnnotations & { default?: unknown; description?: string; type?: unknown };
}

/** Environment variable prefix of the agent. */
export const AGENT_ENV_PREFIX = 'FERRO_AGENT';

/** Every option in declaration order. */
export function listAgentConfigOptions(): AgentConfigOption[] {
  return Object.entries(AgentConfigSchema.properties).map(([key, schema]) => {
    const snake = key.replace(/([a-z0-9])([A-Z])/g, '$1_$2');
    return {
      key: key as Extract<keyof AgentConfigData, string>,
      envVar: `${AGENT_ENV_PREFIX}_${snake.toUpperCase()}`,
      flag: `--${snake.toLowerCase().replaceAll('_', '-')}`,
      schema,
    };
  });
}

/** What an option accepts, in words. */
export function describeAgentOption(schema: AgentConfigOption['schema']): string {
  const s = schema as { type?: unknown; minimum?: number; maximum?: number; unit?: string };
  if (s.type === 'number')
    return `a number from ${s.minimum ?? '-∞'} to ${s.maximum ?? '∞'}${s.unit === undefined ? '' : ` (${s.unit})`}`;
  if (s.type === 'integer')
    return `an integer from ${s.minimum ?? '-∞'} to ${s.maximum ?? '∞'}${s.unit === undefined ? '' : ` (${s.unit})`}`;
  if (s.type === 'boolean') return 'true or false (1/0, yes/no, on/off)';
  if (s.type === 'array') return 'a comma-separated list';
  return 'a string';
}
