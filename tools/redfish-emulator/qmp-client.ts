import { createConnection, type Socket } from 'node:net';
import { isJsonObject, type JsonObject, type JsonValue } from './json-object.js';

/** One QMP command (QEMU QMP specification, "Issuing commands"). */
export interface QmpCommand {
  readonly execute: string;
  readonly arguments?: JsonObject;
}

/** QEMU is not listening: no socket file, or nobody accepts on it (the VM is powered off). */
export class QmpUnavailable extends Error {
  constructor(
    readonly socketPath: string,
    options: { cause: unknown },
  ) {
    super(`no QEMU is listening on ${socketPath}`, options);
    this.name = 'QmpUnavailable';
  }
}

/** A command answered with `{"error": …}`, or the session broke off. */
export class QmpError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'QmpError';
  }
}

/** Bounds and waits of one QMP session. */
export interface QmpSessionOptions {
  readonly timeoutMs: number;
  /** An event to wait for after the commands (`RESET` after `system_reset`). */
  readonly waitForEvent?: string;
  /**
   * After that event, keep listening until it has not come again for this long. SeaBIOS answers a QMP
   * `system_reset` with one or two resets of its own about 50 ms later, and QEMU rebuilds the firmware's
   * `bootorder` at each of them, so a boot order restored before they pass is the one the firmware boots.
   */
  readonly settleMs?: number;
}

/**
 * Runs commands in one short QMP session, like the lab's `lib/qmp.py`: greeting, `qmp_capabilities`, each
 * command in turn, then optionally waits for an event (`RESET` after `system_reset`). QMP serves one client at a
 * time, so sessions stay short. Resolves with each command's `return` value.
 */
export async function runQmp(
  socketPath: string,
  commands: readonly QmpCommand[],
  options: QmpSessionOptions,
): Promise<JsonValue[]> {
  const socket = await connect(socketPath);
  const reader = lineReader(socket);
  const timer = setTimeout(
    () => socket.destroy(new QmpError(`QMP on ${socketPath} timed out after ${options.timeoutMs} ms`)),
    options.timeoutMs,
  );
  try {
    const greeting = await reader.next();
    if (!('QMP' in greeting)) throw new QmpError('unexpected QMP greeting');
    await execute(socket, reader, { execute: 'qmp_capabilities' });
    const results: JsonValue[] = [];
    for (const command of commands) results.push(await execute(socket, reader, command));
    if (options.waitForEvent !== undefined) {
      await reader.event(options.waitForEvent);
      if (options.settleMs !== undefined) await reader.quiet(options.waitForEvent, options.settleMs);
    }
    return results;
  } finally {
    clearTimeout(timer);
    socket.destroy();
  }
}

async function execute(socket: Socket, reader: LineReader, command: QmpCommand): Promise<JsonValue> {
  socket.write(`${JSON.stringify(command)}\n`);
  for (;;) {
    const message = await reader.next();
    if ('event' in message) continue;
    const error = message.error;
    if (isJsonObject(error))
      throw new QmpError(`${command.execute}: ${typeof error.desc === 'string' ? error.desc : JSON.stringify(error)}`);
    return message.return ?? null;
  }
}

function connect(socketPath: string): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection(socketPath);
    socket.once('connect', () => resolve(socket));
    socket.once('error', (error) => reject(new QmpUnavailable(socketPath, { cause: error })));
  });
}

interface LineReader {
  next(): Promise<JsonObject>;
  /** Resolves when an event of that name arrives (events seen while waiting for replies count too). */
  event(name: string): Promise<void>;
  /** Resolves once no event of that name has arrived for `quietMs`. */
  quiet(name: string, quietMs: number): Promise<void>;
}

function lineReader(socket: Socket): LineReader {
  const queue: JsonObject[] = [];
  const seenEvents: string[] = [];
  let buffered = '';
  let failure: Error | undefined;
  let wake: (() => void) | undefined;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('utf8');
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== '') queue.push(parseLine(line));
      newline = buffered.indexOf('\n');
    }
    wake?.();
  });
  const stop = (error: Error): void => {
    failure ??= error;
    wake?.();
  };
  socket.on('error', stop);
  socket.on('close', () => stop(new QmpError('QMP connection closed by QEMU')));
  /** The next message, or undefined when none arrives before `deadline` (a Date.now() value). */
  const nextBefore = async (deadline: number): Promise<JsonObject | undefined> => {
    for (;;) {
      const message = queue.shift();
      if (message !== undefined) {
        if (typeof message.event === 'string') seenEvents.push(message.event);
        return message;
      }
      if (failure !== undefined) throw failure;
      const leftMs = deadline - Date.now();
      if (leftMs <= 0) return undefined;
      await new Promise<void>((resolve) => {
        const timer = Number.isFinite(leftMs) ? setTimeout(resolve, leftMs) : undefined;
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  };
  const next = async (): Promise<JsonObject> => (await nextBefore(Number.POSITIVE_INFINITY)) ?? {};
  return {
    next,
    async event(name) {
      while (!seenEvents.includes(name)) await next();
    },
    async quiet(name, quietMs) {
      let deadline = Date.now() + quietMs;
      for (;;) {
        const message = await nextBefore(deadline);
        if (message === undefined) return;
        if (message.event === name) deadline = Date.now() + quietMs;
      }
    },
  };
}

function parseLine(line: string): JsonObject {
  try {
    const parsed: unknown = JSON.parse(line);
    return isJsonObject(parsed) ? parsed : {};
  } catch {
    return {};
  }
}
