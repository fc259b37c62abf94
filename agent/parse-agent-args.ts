import { Command, CommanderError } from 'commander';
import { describeAgentOption, listAgentConfigOptions } from './config-schema.js';

/** What the command line asked for. */
export interface AgentArgs {
  /** Option values by config key (see loadAgentConfig). */
  flags: Record<string, string | boolean>;
  /** Where to read the kernel command line (default /proc/cmdline; tests and local runs point elsewhere). */
  cmdlinePath: string;
}

/** The outcome of parsing argv: run with these args, or exit (after --help/--version, or a bad flag). */
export type ParsedAgentArgs = { kind: 'run'; args: AgentArgs } | { kind: 'exit'; code: number; output: string };

/**
 * Parses `argv` (without node and the script) with commander 14. Every config option gets a flag named after
 * it (`--lookup-timeout-s 30`, `--tls`/`--no-tls`); secrets are not offered as flags because argv is world
 * readable in /proc. Never exits the process itself: main.ts decides.
 */
export function parseAgentArgs(argv: readonly string[], version: string): ParsedAgentArgs {
  let output = '';
  const program = new Command('ferro-agent')
    .description("Ferro deploy agent: speaks ironic-python-agent's protocol from inside the ramdisk.")
    .version(version, '-V, --version')
    .option('--cmdline <path>', 'file holding the kernel command line', '/proc/cmdline')
    .exitOverride()
    .configureOutput({ writeOut: (s) => (output += s), writeErr: (s) => (output += s) });
  for (const option of listAgentConfigOptions()) {
    if (option.schema.secret === true) continue;
    const help = `${option.schema.description ?? ''} [${describeAgentOption(option.schema)}; env ${option.envVar}]`;
    if (option.schema.type === 'boolean') {
      program.option(option.flag, help);
      program.option(option.flag.replace(/^--/, '--no-'), `turn ${option.flag} off`);
    } else program.option(`${option.flag} <value>`, help);
  }
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return { kind: 'exit', code: error.exitCode, output };
    throw error;
  }
  const opts = program.opts<Record<string, string | boolean | undefined>>();
  const flags: Record<string, string | boolean> = {};
  for (const option of listAgentConfigOptions()) {
    const value = opts[option.key];
    if (value !== undefined) flags[option.key] = value;
  }
  return { kind: 'run', args: { flags, cmdlinePath: String(opts['cmdline']) } };
}
