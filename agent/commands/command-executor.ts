import { randomUUID } from 'node:crypto';
import type { AgentCommandResult, JsonObject, Logger } from '../../core/index.js';
import type { AgentExtensions } from './agent-command.js';
import { agentIsBusy, invalidCommand, notFound, toCommandError } from './agent-error.js';

/** What the executor needs (STYLE §4: passed in). */
export interface CommandExecutorDeps {
  extensions: AgentExtensions;
  log: Logger;
  /** Aborted when the agent stops; running commands see it. */
  signal: AbortSignal;
  /** Progress of the running command, for the heartbeat. */
  reportProgress(message: string): void;
  /** Called when any command finishes: IPA forces a heartbeat then, so the conductor learns at once. */
  onCommandDone(result: AgentCommandResult): void;
  newId?: () => string;
}

/** Runs commands one at a time and keeps every result since boot, in order (IPA ExecuteCommandMixin). */
export interface CommandExecutor {
  /**
   * Starts `name` (`<extension>.<command>`). Resolves with the result: final for sync commands, RUNNING for
   * async ones. Throws AgentError for a malformed name (400), an unknown extension (404) or command (400),
   * bad parameters (400), or while another command runs (409 AgentIsBusy).
   */
  execute(name: string, params: JsonObject): Promise<AgentCommandResult>;
  list(): AgentCommandResult[];
  /** One result; throws notFound (404). */
  get(id: string): AgentCommandResult;
  /** Resolves with the result once the command is done, or at once if it is; rejects when `signal` aborts. */
  waitFor(id: string, signal: AbortSignal): Promise<AgentCommandResult>;
}

interface Entry {
  result: AgentCommandResult;
  done: Promise<void>;
}

/** Creates the executor; its state lives in the returned object only. */
export function createCommandExecutor(deps: CommandExecutorDeps): CommandExecutor {
  const entries = new Map<string, Entry>();
  const newId = deps.newId ?? randomUUID;
  let running: string | undefined;

  function lookup(name: string) {
    const dot = name.indexOf('.');
    if (dot <= 0 || dot === name.length - 1)
      throw invalidCommand('Command name must be of the form <extension>.<name>');
    const [extName, cmdName] = [name.slice(0, dot), name.slice(dot + 1)];
    const extension = deps.extensions.get(extName);
    if (extension === undefined) throw notFound('Extension', extName);
    const command = Object.hasOwn(extension, cmdName) ? extension[cmdName] : undefined;
    if (command === undefined) throw invalidCommand(`Unknown command: ${cmdName}`);
    return command;
  }

  async function execute(name: string, params: JsonObject): Promise<AgentCommandResult> {
    if (running !== undefined) throw agentIsBusy(entries.get(running)?.result.command_name ?? running);
    const command = lookup(name);
    command.validate?.(params);
    const result: AgentCommandResult = {
      id: newId(),
      command_name: name.slice(name.indexOf('.') + 1),
      command_status: 'RUNNING',
      command_error: null,
      command_result: null,
    };
    const log = deps.log.child({ command: name, command_id: result.id });
    running = result.id;
    const ctx = {
      signal: deps.signal,
      log,
      progress: (message: string) => {
        deps.reportProgress(message);
      },
    };
    const done = (async () => {
      try {
        const value = await command.run(params, ctx);
        result.command_result = typeof value === 'string' ? { result: `${result.command_name}: ${value}` } : value;
        result.command_status = 'SUCCEEDED';
        log.info({ status: result.command_status }, 'command finished');
      } catch (error) {
        result.command_error = toCommandError(error);
        result.command_status = result.command_error.type === 'VersionMismatch' ? 'CLEAN_VERSION_MISMATCH' : 'FAILED';
        log.error({ status: result.command_status, error: result.command_error }, 'command failed');
      } finally {
        running = undefined;
        deps.onCommandDone(snapshot(result));
      }
    })();
    entries.set(result.id, { result, done });
    log.info({ mode: command.mode }, 'command started');
    deps.reportProgress(`${result.command_name}: started`);
    if (command.mode === 'sync') await done;
    return snapshot(result);
  }

  function get(id: string): AgentCommandResult {
    const entry = entries.get(id);
    if (entry === undefined) throw notFound('Command', id);
    return snapshot(entry.result);
  }

  async function waitFor(id: string, signal: AbortSignal): Promise<AgentCommandResult> {
    const entry = entries.get(id);
    if (entry === undefined) throw notFound('Command', id);
    await new Promise<void>((resolve, reject) => {
      if (signal.aborted) {
        reject(signal.reason as Error);
        return;
      }
      const onAbort = () => {
        reject(signal.reason as Error);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      void entry.done.then(() => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      });
    });
    return snapshot(entry.result);
  }

  return { execute, get, waitFor, list: () => [...entries.values()].map((e) => snapshot(e.result)) };
}

function snapshot(result: AgentCommandResult): AgentCommandResult {
  return structuredClone(result);
}
