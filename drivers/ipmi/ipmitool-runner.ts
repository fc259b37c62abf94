import { execFile } from 'node:child_process';
import { createConcurrencyLimiter, type ConcurrencyLimiter } from './concurrency-limiter.js';
import type { BmcTarget, IpmiCommandRunner } from './ipmi-client.js';
import { IpmiError } from './ipmi-error.js';
import type { IpmiRequest, IpmiResponse } from './ipmi-message.js';
import { privilegeName } from './privilege-level.js';
import { labelOf } from './run-command.js';

/** How the subprocess implementation runs ipmitool. */
export interface IpmitoolRunnerOptions {
  /** The ipmitool binary (default `ipmitool`, looked up in /usr/bin:/bin since the child gets no PATH). */
  command?: string | undefined;
  /** ipmitool -N: wait per transmission (rounded up to whole seconds; default 1000 ms). */
  requestTimeoutMs?: number | undefined;
  /** ipmitool -R: transmissions per request (default 4). */
  attempts?: number | undefined;
  /** ipmitool processes at once in this conductor (default 8: each costs ~30 ms of CPU). */
  maxConcurrent?: number | undefined;
  /** ipmitool processes at once per BMC (default 1: each opens its own session). */
  maxPerBmc?: number | undefined;
}

/** What an IPMI request looks like to `ipmitool raw`: netFn, command and data bytes as 0x.. words. */
export function rawArguments(request: IpmiRequest): string[] {
  const word = (byte: number): string => `0x${byte.toString(16).padStart(2, '0')}`;
  return ['raw', word(request.netFn), word(request.command), ...Array.from(request.data, word)];
}

/**
 * ipmitool in a subprocess, one `raw` command per call (the `ipmitool-cli` implementations, for BMCs the
 * native client cannot talk to). The password goes through the IPMI_PASSWORD environment variable (`-E`),
 * never on the command line. Completion codes come back as responses, like the native client's.
 */
export function createIpmitoolRunner(options: IpmitoolRunnerOptions = {}): IpmiCommandRunner {
  const global = createConcurrencyLimiter(options.maxConcurrent ?? 8);
  const perBmc = new Map<string, ConcurrencyLimiter>();
  return {
    async execute(target: BmcTarget, request: IpmiRequest, signal: AbortSignal): Promise<IpmiResponse> {
      const key = `${target.host}|${target.port}`;
      const limiter = perBmc.get(key) ?? createConcurrencyLimiter(options.maxPerBmc ?? 1);
      perBmc.set(key, limiter);
      try {
        return await limiter.run(() => global.run(() => runIpmitool(options, target, request, signal), signal), signal);
      } finally {
        if (limiter.active === 0 && limiter.waiting === 0) perBmc.delete(key); // thousands of BMCs: keep only busy ones
      }
    },
  };
}

async function runIpmitool(
  options: IpmitoolRunnerOptions,
  target: BmcTarget,
  request: IpmiRequest,
  signal: AbortSignal,
): Promise<IpmiResponse> {
  const timeoutSeconds = Math.max(1, Math.ceil((options.requestTimeoutMs ?? 1_000) / 1_000));
  const attempts = options.attempts ?? 4;
  const args = [
    '-v', // names the reason of a failed login (RAKP 2 HMAC, unauthorized name) on stderr; stdout stays the raw bytes
    '-I',
    target.protocolVersion === '1.5' ? 'lan' : 'lanplus',
    '-H',
    target.host,
    '-p',
    String(target.port),
    '-L',
    privilegeName(target.privilege),
    ...(target.username === '' ? [] : ['-U', target.username]),
    ...(target.password === '' ? [] : ['-E']),
    ...(target.cipherSuite === undefined ? [] : ['-C', String(target.cipherSuite)]),
    '-N',
    String(timeoutSeconds),
    '-R',
    String(attempts),
    ...rawArguments(request),
  ];
  // A whole login is ~6 exchanges; allow all of them every retry before killing the process.
  const killAfterMs = timeoutSeconds * 1_000 * attempts * 8 + 5_000;
  const env = { IPMI_PASSWORD: target.password, LC_ALL: 'C' };
  const { stdout, stderr, error } = await new Promise<{ stdout: string; stderr: string; error: Error | null }>(
    (resolve) => {
      execFile(
        options.command ?? 'ipmitool',
        args,
        { env, signal, timeout: killAfterMs, maxBuffer: 1 << 20 },
        (failure, out, err) => {
          resolve({ stdout: out, stderr: err, error: failure });
        },
      );
    },
  );
  signal.throwIfAborted();
  if (!error)
    return {
      netFn: request.netFn | 1,
      command: request.command,
      completionCode: 0,
      data: parseRawOutput(stdout, target),
    };
  return (
    completionCodeResponse(request, stderr) ??
    throwClassified(target, stderr, error, { timeoutMs: timeoutSeconds * 1_000, attempts })
  );
}

/** `ipmitool raw` prints the response data as hex bytes, 16 per line. */
export function parseRawOutput(stdout: string, target: Pick<BmcTarget, 'host' | 'port'>): Buffer {
  const words = stdout.split(/\s+/).filter((word) => word !== '');
  if (!words.every((word) => /^[0-9a-fA-F]{2}$/.test(word))) {
    throw new IpmiError(
      'malformed',
      `malformed reply from BMC at ${labelOf(target)}: ipmitool printed something other than hex bytes`,
    );
  }
  return Buffer.from(words.map((word) => parseInt(word, 16)));
}

function completionCodeResponse(request: IpmiRequest, stderr: string): IpmiResponse | undefined {
  const match = /Unable to send RAW command \(.*rsp=0x([0-9a-fA-F]{1,2})\)/.exec(stderr);
  if (!match?.[1]) return undefined;
  return {
    netFn: request.netFn | 1,
    command: request.command,
    completionCode: parseInt(match[1], 16),
    data: Buffer.alloc(0),
  };
}

/** Turns ipmitool's stderr into our error kinds; the text is ipmitool's own, it never holds the password. */
function throwClassified(
  target: BmcTarget,
  stderr: string,
  error: Error,
  patience: { timeoutMs: number; attempts: number },
): never {
  const label = labelOf(target);
  const lines = stderr
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('Loading IANA'));
  const detail = lines.slice(-3).join('; ') || error.message;
  const rakp = /RAKP (\d) message indicates an error : (.+)/.exec(stderr);
  if (/RAKP 2 HMAC is invalid/.test(stderr) || rakp) {
    const why = rakp
      ? `RAKP ${rakp[1]} status: ${rakp[2]}`
      : 'its RAKP 2 key exchange code does not match ipmi_password';
    throw new IpmiError(
      'credentials',
      `BMC at ${label} rejected the credentials for user '${target.username}' (${why}); check ipmi_username and ipmi_password`,
      { cause: error },
    );
  }
  if (
    /Get Auth Capabilities error|No response from remote controller|Insufficient resources|Timeout/i.test(stderr) ||
    (error as { killed?: boolean }).killed === true
  ) {
    throw new IpmiError(
      'timeout',
      `BMC at ${label} did not answer within ${patience.timeoutMs * patience.attempts} ms after ${patience.attempts} attempts (ipmitool: ${detail})`,
      { cause: error },
    );
  }
  if (/open session response message : (.+)/.exec(stderr)) {
    throw new IpmiError('session', `BMC at ${label} refused the ipmitool session: ${detail}`, { cause: error });
  }
  throw new IpmiError('tool', `ipmitool failed against BMC at ${label}: ${detail}`, { cause: error });
}
