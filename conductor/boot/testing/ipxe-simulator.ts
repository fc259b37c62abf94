// A small interpreter of the iPXE script language subset Ferro's scripts use, for tests: it follows the
// rules of iPXE's core/exec.c and image/script.c that matter for failover: `&&`/`||` run the next command on
// success/failure, an empty command succeeds, a line that ends in failure ends its script, `goto` leaves the
// line, `chain` runs the fetched script and returns its exit status, `exit N` ends the current script.

/** What fetching a URL gave: an HTTP status and body, or a transport error (connection refused …). */
export type FetchResult = { status: number; body: string } | { error: string };

/** How a simulated boot ended. */
export type BootOutcome =
  | { kind: 'booted'; kernel: string; initrd: string; args: string[] }
  | { kind: 'sanboot'; drive: string }
  | { kind: 'exit'; status: number }
  | { kind: 'poweroff' }
  | { kind: 'reboot' };

/** The simulated machine: its NICs, firmware, and how it fetches URLs. */
export interface SimulatedMachine {
  macs: readonly string[];
  platform: 'pcbios' | 'efi';
  fetch(url: string): Promise<FetchResult>;
  /** Called for every `sleep N`; nothing really waits. */
  onSleep?: (seconds: number) => void;
}

/** A simulated boot: its outcome and every URL fetched, in order, with what happened. */
export interface SimulatedBoot {
  outcome: BootOutcome;
  fetches: { url: string; ok: boolean }[];
  echoes: string[];
}

class Finished extends Error {
  constructor(readonly outcome: BootOutcome) {
    super(outcome.kind);
  }
}

const MAX_COMMANDS = 20_000;

interface State {
  machine: SimulatedMachine;
  settings: Map<string, string>;
  images: { kernel?: { url: string; args: string[] }; initrd?: string };
  trace: SimulatedBoot;
  commands: number;
}

function builtin(state: State, name: string): string | undefined {
  const mac = /^net(\d+)\/mac(:hexhyp)?$/.exec(name);
  if (mac !== null) {
    const value = state.machine.macs[Number(mac[1])];
    return value === undefined ? undefined : mac[2] === undefined ? value : value.replaceAll(':', '-');
  }
  if (name === 'platform') return state.machine.platform;
  return state.settings.get(name.split(':')[0] ?? name);
}

/** Expands `${…}` innermost first, as iPXE's expand_settings does; unset settings expand to nothing. */
function expand(state: State, text: string): string {
  let out = text;
  for (let i = 0; i < 100; i += 1) {
    const next = out.replace(/\$\{([^${}]*)\}/, (_, name: string) => builtin(state, name) ?? '');
    if (next === out) return out;
    out = next;
  }
  throw new Error(`runaway expansion in ${text}`);
}

function options(args: string[]): { positional: string[]; named: Map<string, string> } {
  const named = new Map<string, string>();
  const positional: string[] = [];
  for (let i = 0; i < args.length; i += 1) {
    const arg = args[i] ?? '';
    if (arg === '--autofree' || arg === '--no-describe') named.set(arg, '');
    else if (arg.startsWith('--')) { named.set(arg, args[i + 1] ?? ''); i += 1; } else positional.push(arg);
  }
  return { positional, named };
}

async function fetchOk(state: State, url: string): Promise<string | undefined> {
  const result = await state.machine.fetch(url);
  const ok = 'status' in result && result.status === 200;
  state.trace.fetches.push({ url, ok });
  return ok && 'body' in result ? result.body : undefined;
}

/** Runs one command; resolves to its status (0 = success) or a label to jump to. */
async function command(state: State, argv: string[]): Promise<number | { goto: string } | { exit: number }> {
  state.commands += 1;
  if (state.commands > MAX_COMMANDS) throw new Error('script did not terminate');
  const [name, ...args] = argv;
  const { positional, named } = options(args);
  switch (name) {
    case undefined: return 0;
    case 'echo': state.trace.echoes.push(args.join(' ')); return 0;
    case 'set': { const [key = '', value = ''] = args; state.settings.set(key.split(':')[0] ?? key, value); return 0; }
    case 'inc': { const key = args[0] ?? ''; state.settings.set(key, String(Number(state.settings.get(key) ?? '0') + 1)); return 0; }
    case 'isset': return args.length > 0 && args[0] !== '' ? 0 : 1;
    case 'iseq': return args[0] === args[1] ? 0 : 1;
    case 'goto': return { goto: args[0] ?? '' };
    case 'exit': return { exit: Number(args[0] ?? '0') };
    case 'sleep': state.machine.onSleep?.(Number(args[0])); return 0;
    case 'imgfree': state.images = {}; return 0;
    case 'poweroff': throw new Finished({ kind: 'poweroff' });
    case 'reboot': throw new Finished({ kind: 'reboot' });
    case 'sanboot': throw new Finished({ kind: 'sanboot', drive: named.get('--drive') ?? '' });
    case 'kernel': {
      const [url = '', ...kernelArgs] = positional;
      if ((await fetchOk(state, url)) === undefined) return 1;
      state.images.kernel = { url, args: kernelArgs };
      return 0;
    }
    case 'initrd': {
      if ((await fetchOk(state, positional[0] ?? '')) === undefined) return 1;
      state.images.initrd = positional[0] ?? '';
      return 0;
    }
    case 'boot': {
      const { kernel, initrd } = state.images;
      if (kernel === undefined) return 1;
      throw new Finished({ kind: 'booted', kernel: kernel.url, initrd: initrd ?? '', args: kernel.args });
    }
    case 'chain': {
      const body = await fetchOk(state, positional[0] ?? '');
      return body === undefined ? 1 : runScript(state, body);
    }
    default: throw new Error(`the simulator does not know the iPXE command ${name}`);
  }
}

/** Runs one line: commands split at `||` and `&&`, each run or skipped by the status before it. */
async function runLine(state: State, line: string): Promise<number | { goto: string } | { exit: number }> {
  const tokens = expand(state, line).split(/\s+/).filter((t) => t !== '');
  let status = 0;
  let run = true;
  let argv: string[] = [];
  for (const token of [...tokens, '']) {
    const terminator = token === '||' || token === '&&' || token === '';
    if (!terminator) { argv.push(token); continue; }
    if (run) {
      const result = await command(state, argv);
      if (typeof result !== 'number') return result;
      status = result;
    }
    argv = [];
    run = token === '||' ? status !== 0 : status === 0;
  }
  return status;
}

/** Runs a script to its end, `exit` or first failing line; resolves to its exit status. */
async function runScript(state: State, script: string): Promise<number> {
  const lines = script.split('\n').map((l) => l.trim());
  if (lines[0] !== '#!ipxe') return 1;
  for (let pc = 1; pc < lines.length; pc += 1) {
    const line = lines[pc] ?? '';
    if (line === '' || line.startsWith('#') || line.startsWith(':')) continue;
    const result = await runLine(state, line);
    if (typeof result === 'number') { if (result !== 0) return result; continue; }
    if ('exit' in result) return result.exit;
    const target = lines.indexOf(`:${result.goto}`);
    if (target < 0) return 1;
    pc = target;
  }
  return 0;
}

/** Boots a simulated machine from `entryUrl` (what DHCP would hand iPXE) and reports how it ended. */
export async function simulateIpxeBoot(machine: SimulatedMachine, entryUrl: string): Promise<SimulatedBoot> {
  const trace: SimulatedBoot = { outcome: { kind: 'exit', status: 0 }, fetches: [], echoes: [] };
  const state: State = { machine, settings: new Map(), images: {}, trace, commands: 0 };
  try {
    trace.outcome = { kind: 'exit', status: await command(state, ['chain', entryUrl]).then((r) => (typeof r === 'number' ? r : 1)) };
  } catch (error) {
    if (!(error instanceof Finished)) throw error;
    trace.outcome = error.outcome;
  }
  return trace;
}
