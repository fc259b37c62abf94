import { openSync } from 'node:fs';
import { pino, type DestinationStream, type Logger } from 'pino';

/** Paths pino blanks in every log line: the agent token wherever it may travel. */
export const AGENT_REDACT_PATHS = [
  'agent_token',
  '*.agent_token',
  '*.*.agent_token',
  'token',
  '*.token',
  'agentToken',
  '*.agentToken',
  'headers.authorization',
];

/**
 * The root logger (STYLE §6): JSON lines to stdout and, when `logFile` is set and writable, to that file too,
 * which log.collect_system_logs packs for the conductor. pino.multistream runs in-process (no worker
 * thread), so the esbuild bundle needs no transport files.
 */
export function createAgentLogger(options: { level: string; logFile: string; stdout: DestinationStream }): {
  log: Logger;
  fileProblem: string | undefined;
} {
  const streams: { stream: DestinationStream; level: 'trace' }[] = [{ stream: options.stdout, level: 'trace' }];
  let fileProblem: string | undefined;
  if (options.logFile !== '') {
    try {
      const fd = openSync(options.logFile, 'a', 0o600);
      streams.push({ stream: pino.destination({ dest: fd, sync: false }), level: 'trace' });
    } catch (error) {
      fileProblem = `cannot open log file ${options.logFile}: ${error instanceof Error ? error.message : String(error)}`;
    }
  }
  const log = pino(
    { level: options.level, base: { service: 'ferro-agent' }, redact: { paths: AGENT_REDACT_PATHS, censor: '***' } },
    pino.multistream(streams),
  );
  return { log, fileProblem };
}
