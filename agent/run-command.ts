import { spawn } from 'node:child_process';

/** What a finished command printed and how it exited. */
export interface CommandResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

/** Options of one command run. */
export interface RunOptions {
  signal?: AbortSignal;
  /** Bytes fed to stdin. */
  input?: string | Buffer;
  /** When false, a non-zero exit is returned instead of thrown. Default true. */
  check?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** A command exited non-zero (or could not start); names the command, its exit code and its stderr. */
export class CommandFailed extends Error {
  constructor(readonly command: string, readonly exitCode: number, readonly stderr: string) {
    super(`${command} failed with exit code ${String(exitCode)}: ${stderr.trim().slice(-500) || '(no output)'}`);
    this.name = 'CommandFailed';
  }
}

/** Runs a program without a shell (arguments are never interpreted) and collects its output. */
export function runCommand(program: string, args: readonly string[], options: RunOptions = {}): Promise<CommandResult> {
  const label = [program, ...args].join(' ');
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { stdio: ['pipe', 'pipe', 'pipe'], signal: options.signal, ...(options.env === undefined ? {} : { env: options.env }) });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => err.push(chunk));
    child.on('error', (error: Error) => { reject(new CommandFailed(label, -1, error.message)); });
    child.on('close', (code: number | null) => {
      const result = { stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), exitCode: code ?? -1 };
      if (result.exitCode !== 0 && options.check !== false) reject(new CommandFailed(label, result.exitCode, result.stderr));
      else resolve(result);
    });
    child.stdin.on('error', () => undefined); // the program may exit before reading its input
    child.stdin.end(options.input ?? '');
  });
}
