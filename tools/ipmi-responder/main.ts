/**
 * CLI of the multi-BMC IPMI responder:
 *   npx tsx tools/ipmi-responder/main.ts --bmcs 10000 --base-port 20000 [--control-port 0]
 * Prints one JSON line when every socket is bound: {"ready":true,"firstPort":…,"controlPort":…}. Runs until
 * SIGTERM or SIGINT. Composition root: the only file here that reads process.env or prints.
 */
import { Command, InvalidArgumentError } from 'commander';
import { startControlServer } from './control-server.js';
import { startIpmiResponder } from './start-ipmi-responder.js';

interface CliOptions {
  bmcs: number;
  host: string;
  basePort: number;
  username: string;
  password: string;
  controlPort: number;
  maxSessions: number;
  sessionTimeoutMs: number;
}

const integer = (value: string): number => {
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 0) throw new InvalidArgumentError('expected a whole number >= 0');
  return parsed;
};

function parseArguments(argv: string[]): CliOptions {
  return new Command('ipmi-responder')
    .description('Many simulated IPMI 2.0 BMCs in one process, one UDP port each (power, boot device, RMCP+)')
    .option('--bmcs <n>', 'number of BMCs', integer, 100)
    .option('--host <address>', 'address every BMC listens on', '127.0.0.1')
    .option('--base-port <port>', 'UDP port of BMC 0; BMC i answers on base + i (0 = any free ports)', integer, 20000)
    .option('--username <name>', 'account of every BMC', process.env.IPMI_RESPONDER_USERNAME ?? 'admin')
    .option('--password <secret>', 'password of that account', process.env.IPMI_RESPONDER_PASSWORD ?? 'password')
    .option(
      '--control-port <port>',
      'TCP port of the HTTP control API on the same address (0 = any free port)',
      integer,
      0,
    )
    .option('--max-sessions <n>', 'sessions one BMC holds at once', integer, 32)
    .option('--session-timeout-ms <ms>', 'idle sessions are forgotten after this long', integer, 60_000)
    .parse(argv)
    .opts<CliOptions>();
}

async function main(): Promise<void> {
  const options = parseArguments(process.argv);
  const responder = await startIpmiResponder({
    bmcs: options.bmcs,
    host: options.host,
    basePort: options.basePort,
    username: options.username,
    password: options.password,
    maxSessionsPerBmc: options.maxSessions,
    sessionTimeoutMs: options.sessionTimeoutMs,
  });
  const control = await startControlServer(responder, options.host, options.controlPort);
  const ready = {
    ready: true,
    pid: process.pid,
    host: responder.host,
    bmcs: responder.size,
    firstPort: responder.size > 0 ? responder.port(0) : null,
    lastPort: responder.size > 0 ? responder.port(responder.size - 1) : null,
    controlPort: control.port,
  };
  process.stdout.write(`${JSON.stringify(ready)}\n`);
  const stop = async (): Promise<void> => {
    await control.close();
    await responder.stop();
    process.exit(0);
  };
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => void stop());
}

main().catch((error: unknown) => {
  process.stderr.write(`ipmi-responder: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
