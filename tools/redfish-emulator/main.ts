/**
 * CLI for the Redfish BMC emulator:
 *   npx tsx tools/redfish-emulator/main.ts --mockup <dir> [--port 8000] [--session-only] [--etag-required]
 *     [--busy N] [--qmp SOCKET --power-on-command 'lab/vm.sh start node1']
 * Composition root: the only file here that reads process.env or prints.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { assessMockup } from './assess-mockup.js';
import { findMockupSets } from './find-mockup-sets.js';
import { loadMockup } from './load-mockup.js';
import { startRedfishEmulator, type RedfishEmulatorOptions } from './start-redfish-emulator.js';
import type { BusyStyle } from './vendor-switches.js';

interface CliOptions {
  mockup?: string;
  list?: string;
  host: string;
  port: number;
  username: string;
  password: string;
  tlsCert?: string;
  tlsKey?: string;
  sessionOnly: boolean;
  etagRequired: boolean;
  weakEtags: boolean;
  caseInsensitive: boolean;
  requireTransferProtocolType: boolean;
  busy: number;
  busyStyle: BusyStyle;
  retryAfter: number;
  powerDelayMs: number;
  taskDelayMs: number;
  qmp?: string;
  qmpSystem?: string;
  powerOnCommand?: string;
  bootDeviceCommand?: string;
  quiet: boolean;
}

const integer = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return parsed;
};

function parseArguments(argv: string[]): CliOptions {
  return new Command('redfish-emulator')
    .description('A stateful Redfish BMC emulator serving DMTF mockups and vendor fixtures')
    .option('--mockup <dir>', 'mockup directory (DMTF tree or flat fixtures)')
    .option('--list <root>', 'list the mockup sets below <root> and whether each forms a usable system, then exit')
    .option('--host <address>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'TCP port (0 = any free port)', integer, 8000)
    .option('--username <name>', 'account name', process.env.REDFISH_EMULATOR_USERNAME ?? 'admin')
    .option('--password <secret>', 'account password', process.env.REDFISH_EMULATOR_PASSWORD ?? 'password')
    .option('--tls-cert <file>', 'PEM certificate: serve HTTPS')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--session-only', 'reject HTTP Basic; only X-Auth-Token sessions', false)
    .option('--etag-required', 'PATCH without If-Match answers 428', false)
    .option('--weak-etags', 'send weak ETags (W/"…") like most BMCs', false)
    .option('--case-insensitive', 'resolve URIs regardless of case (iLO)', false)
    .option('--require-transfer-protocol-type', 'InsertMedia without TransferProtocolType answers 400 (Nokia)', false)
    .option('--busy <n>', 'answer the first N requests "busy"', integer, 0)
    .addOption(
      new Option('--busy-style <style>', 'how "busy" looks')
        .choices(['service-unavailable', 'idrac', 'ilo'])
        .default('service-unavailable'),
    )
    .option('--retry-after <seconds>', 'Retry-After of busy answers', integer, 1)
    .option('--power-delay-ms <ms>', 'time spent in PoweringOn/PoweringOff', integer, 0)
    .option('--task-delay-ms <ms>', 'time a SimpleUpdate task runs', integer, 1000)
    .option('--qmp <socket>', 'drive a QEMU VM through this QMP socket')
    .option('--qmp-system <id>', 'the System the VM is (default: the first)')
    .option('--power-on-command <command>', 'shell command that starts the VM when it is off')
    .option('--boot-device-command <command>', 'shell command setting the boot device ({device}, {once})')
    .option('--quiet', 'do not log requests', false)
    .parse(argv)
    .opts<CliOptions>();
}

function listSets(root: string): void {
  for (const dir of findMockupSets(root)) {
    const verdict = assessMockup(loadMockup(dir));
    console.log(
      `${relative(root, dir) || '.'}\t${verdict.usable ? `usable: ${verdict.systems.join(' ')}` : `not a system: ${verdict.reason ?? ''}`}`,
    );
  }
}

function emulatorOptions(cli: CliOptions, mockupDir: string): RedfishEmulatorOptions {
  const options: RedfishEmulatorOptions = {
    mockupDir,
    host: cli.host,
    port: cli.port,
    username: cli.username,
    password: cli.password,
    switches: {
      sessionOnly: cli.sessionOnly,
      etagRequired: cli.etagRequired,
      weakEtags: cli.weakEtags,
      caseInsensitivePaths: cli.caseInsensitive,
      requireTransferProtocolType: cli.requireTransferProtocolType,
      busy: { count: cli.busy, style: cli.busyStyle, retryAfterSeconds: cli.retryAfter },
      delaysMs: { power: cli.powerDelayMs, task: cli.taskDelayMs },
    },
  };
  if (cli.tlsCert !== undefined && cli.tlsKey !== undefined)
    options.tls = { cert: readFileSync(cli.tlsCert), key: readFileSync(cli.tlsKey) };
  if (cli.qmp !== undefined) {
    options.qmp = {
      socketPath: cli.qmp,
      ...(cli.qmpSystem === undefined ? {} : { system: cli.qmpSystem }),
      ...(cli.powerOnCommand === undefined ? {} : { powerOnCommand: cli.powerOnCommand }),
      ...(cli.bootDeviceCommand === undefined ? {} : { bootDeviceCommand: cli.bootDeviceCommand }),
    };
  }
  if (!cli.quiet)
    options.onRequest = (entry) => console.log(JSON.stringify({ time: new Date().toISOString(), ...entry }));
  return options;
}

async function main(): Promise<void> {
  const cli = parseArguments(process.argv);
  if (cli.list !== undefined) {
    listSets(cli.list);
    return;
  }
  if (cli.mockup === undefined) throw new Error('--mockup <dir> is required (or --list <root>)');
  if ((cli.tlsCert === undefined) !== (cli.tlsKey === undefined))
    throw new Error('--tls-cert and --tls-key go together');
  const verdict = assessMockup(loadMockup(cli.mockup));
  if (!verdict.usable) console.error(`warning: ${cli.mockup} does not form a usable system: ${verdict.reason ?? ''}`);
  const emulator = await startRedfishEmulator(emulatorOptions(cli, cli.mockup));
  console.error(
    `redfish-emulator: ${emulator.url}/redfish/v1 (systems: ${emulator.state.systems().join(', ') || 'none'})`,
  );
  const stop = (): void => void emulator.close().then(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  console.error(`redfish-emulator: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
