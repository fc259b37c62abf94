// The agent's configuration (STYLE §7): defaults < kernel command line (IPA's parameter names) < environment
// (FERRO_AGENT_<KEY>) < command-line flags. Validated once at start-up, then frozen. Only main.ts reads
// /proc/cmdline, process.env and argv; this module gets their contents.
import { isIP } from 'node:net';
import { Value } from 'typebox/value';
import {
  AgentConfigSchema,
  describeAgentOption,
  listAgentConfigOptions,
  type AgentConfigData,
  type AgentConfigOption,
} from './config-schema.js';
import { parseBootif, parseKernelCmdline } from './kernel-cmdline.js';

export { AgentConfigSchema, listAgentConfigOptions, type AgentConfigOption } from './config-schema.js';

/** The validated, frozen agent configuration. */
export type AgentConfig = Readonly<{
  [K in keyof AgentConfigData]: AgentConfigData[K] extends (infer U)[] ? readonly U[] : AgentConfigData[K];
}>;

/** A configuration that cannot be used; `problems` names each option, where it came from and what is expected. */
export class AgentConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid agent configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}\nSee agent/README.md.`);
    this.name = 'AgentConfigError';
  }
}

/** The raw sources, as main.ts reads them. */
export interface AgentConfigSources {
  /** Contents of /proc/cmdline ('' when absent). */
  cmdline: string;
  env: Record<string, string | undefined>;
  /** Flag values by option key as the CLI parsed them (strings, or booleans for --x/--no-x). */
  flags: Partial<Record<string, string | boolean>>;
}

interface Setting {
  value: unknown;
  source: string;
}

/** Builds the configuration; throws AgentConfigError listing every bad option. */
export function loadAgentConfig(sources: AgentConfigSources): AgentConfig {
  const options = listAgentConfigOptions();
  const settings = new Map<string, Setting>(
    options.map((o) => [o.key, { value: structuredClone(o.schema.default), source: 'default' }]),
  );
  const cmdline = parseKernelCmdline(sources.cmdline);
  for (const option of options) {
    const name = option.schema.cmdline;
    const raw = name === undefined ? undefined : cmdline.get(name);
    if (name !== undefined && raw !== undefined)
      settings.set(option.key, { value: fromString(option, raw), source: `kernel parameter ${name}` });
    const env = sources.env[option.envVar];
    if (env !== undefined) settings.set(option.key, { value: fromString(option, env), source: option.envVar });
    const flag = sources.flags[option.key];
    if (flag !== undefined)
      settings.set(option.key, {
        value: typeof flag === 'string' ? fromString(option, flag) : flag,
        source: option.flag,
      });
  }
  const problems: string[] = [];
  for (const option of options) {
    const setting = settings.get(option.key);
    if (setting !== undefined && !Value.Check(option.schema, setting.value))
      problems.push(describeProblem(option, setting));
  }
  if (problems.length === 0) problems.push(...crossCheck(settings));
  if (problems.length > 0) throw new AgentConfigError(problems);
  const config = Object.fromEntries(options.map((o) => [o.key, settings.get(o.key)?.value]));
  const bootif = settings.get('bootif')?.value;
  if (typeof bootif === 'string' && bootif !== '') config['bootif'] = parseBootif(bootif) ?? '';
  if (!Value.Check(AgentConfigSchema, config))
    throw new AgentConfigError(['the merged configuration does not match the schema']);
  for (const value of Object.values(config)) if (Array.isArray(value)) Object.freeze(value);
  return Object.freeze(config);
}

/** Text from the command line, env or a flag, turned into the option's type (or left for validation to reject). */
function fromString(option: AgentConfigOption, raw: string): unknown {
  const type = option.schema.type;
  const trimmed = raw.trim();
  if (type === 'integer') return /^\d{1,10}$/.test(trimmed) ? Number(trimmed) : raw;
  if (type === 'number') return /^\d{1,10}(?:\.\d{1,6})?$/.test(trimmed) ? Number(trimmed) : raw;
  if (type === 'boolean') {
    if (trimmed === '' || /^(true|1|yes|on)$/i.test(trimmed)) return true; // a bare `ipa-debug` means on
    if (/^(false|0|no|off)$/i.test(trimmed)) return false;
    return raw;
  }
  if (type === 'array')
    return trimmed === ''
      ? []
      : trimmed
          .split(',')
          .map((s) => s.trim())
          .filter((s) => s !== '');
  return raw;
}

function describeProblem(option: AgentConfigOption, setting: Setting): string {
  const shown =
    option.schema.secret === true
      ? '***'
      : setting.value === undefined
        ? 'undefined'
        : JSON.stringify(setting.value).slice(0, 200);
  return `${option.key} = ${shown} (from ${setting.source}): expected ${describeAgentOption(option.schema)}`;
}

/** True when `text` holds C0 control characters or DEL (escape sequences could rewrite a console). */
function hasControlChars(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x7f) return true;
  }
  return false;
}

function crossCheck(settings: Map<string, Setting>): string[] {
  const get = (key: string): unknown => settings.get(key)?.value;
  const from = (key: string): string => settings.get(key)?.source ?? 'default';
  const problems: string[] = [];
  for (const [key, setting] of settings) {
    const values = Array.isArray(setting.value) ? (setting.value as unknown[]) : [setting.value];
    if (values.some((v) => typeof v === 'string' && hasControlChars(v)))
      problems.push(`${key} (from ${setting.source}) contains control characters`);
  }
  const urls = [...(get('apiUrls') as string[]), ...[get('inspectionCallbackUrl') as string].filter((u) => u !== '')];
  for (const url of urls) {
    if (!isHttpUrl(url))
      problems.push(
        `${JSON.stringify(url.slice(0, 200))} is not an http:// or https:// URL (ipa-api-url / ipa-inspection-callback-url)`,
      );
  }
  if (urls.length === 0)
    problems.push(
      'no Ironic API to call: set ipa-api-url (or ipa-inspection-callback-url) on the kernel command line, FERRO_AGENT_API_URLS or --api-urls',
    );
  const bootif = get('bootif') as string;
  if (bootif !== '' && parseBootif(bootif) === undefined)
    problems.push(
      `bootif = ${JSON.stringify(bootif.slice(0, 64))} (from ${from('bootif')}): expected 01-aa-bb-cc-dd-ee-ff or aa:bb:cc:dd:ee:ff`,
    );
  const token = get('agentToken') as string;
  if (token !== '' && !/^[A-Za-z0-9_\-=.~+/]{8,512}$/.test(token))
    problems.push(`agentToken (from ${from('agentToken')}): expected 8 to 512 URL-safe characters`);
  const listen = get('listenHost') as string;
  if (isIP(listen) === 0)
    problems.push(
      `listenHost = ${JSON.stringify(listen.slice(0, 64))} (from ${from('listenHost')}): expected an IP address such as :: or 0.0.0.0`,
    );
  const advertise = get('advertiseHost') as string;
  if (advertise !== '' && isIP(advertise) === 0 && !/^[A-Za-z0-9.-]{1,253}$/.test(advertise))
    problems.push(
      `advertiseHost = ${JSON.stringify(advertise.slice(0, 64))} (from ${from('advertiseHost')}): expected an IP address or host name`,
    );
  return problems;
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
