import { BaremetalError, type AgentCommandError } from '../../core/index.js';

/**
 * An error the agent reports over its API, in IPA's RESTError shape (ironic_python_agent/errors.py): a class
 * name as `type`, an HTTP status as `code`, a fixed `message` and free `details`. Command failures travel
 * inside the command result as `command_error`; request errors become `{faultcode, faultstring}` bodies.
 */
export class AgentError extends Error {
  constructor(
    readonly type: string,
    readonly status: number,
    readonly summary: string,
    readonly details: string,
  ) {
    super(`${summary}: ${details}`);
    this.name = type;
  }

  /** The command_error object of a failed command. */
  toCommandError(): AgentCommandError {
    return { type: this.type, code: this.status, message: this.summary, details: this.details };
  }
}

/** IPA InvalidCommandError: `name` is not `<extension>.<command>`, or the extension has no such command. */
export const invalidCommand = (details: string): AgentError =>
  new AgentError('InvalidCommandError', 400, 'Invalid command', details);

/** IPA InvalidCommandParamsError: the parameters are missing or of the wrong type. */
export const invalidCommandParams = (details: string): AgentError =>
  new AgentError('InvalidCommandParamsError', 400, 'Invalid command parameters', details);

/** IPA RequestedObjectNotFoundError (404): unknown extension or command id. */
export const notFound = (kind: string, id: string): AgentError =>
  new AgentError('RequestedObjectNotFoundError', 404, 'Not found', `${kind} with id ${id} not found.`);

/** IPA AgentIsBusy (409): one command at a time. */
export const agentIsBusy = (running: string): AgentError =>
  new AgentError('AgentIsBusy', 409, 'Agent is busy', `executing command ${running}`);

/** IPA CommandExecutionError: a command failed for a reason that is not one of the above. */
export const commandExecutionError = (details: string): AgentError =>
  new AgentError('CommandExecutionError', 500, 'Command execution failed', details);

/** IPA VersionMismatch: the conductor's cached hardware manager versions differ from this agent's. */
export const versionMismatch = (agentVersion: unknown, nodeVersion: unknown): AgentError =>
  new AgentError(
    'VersionMismatch',
    500,
    'Hardware managers version mismatch, reload agent with correct version',
    `Current versions: ${JSON.stringify(agentVersion)}, versions used by ironic: ${JSON.stringify(nodeVersion)}`,
  );

/**
 * The command_error for any thrown value: AgentErrors keep their shape, anything else is a CommandExecutionError
 * whose details start with the error's kind. Core errors name it by their stable `code`: their class names are
 * minified in the agent bundle (`zA: Image checksum mismatch…` reached last_error before).
 */
export function toCommandError(error: unknown): AgentCommandError {
  if (error instanceof AgentError) return error.toCommandError();
  const kind = error instanceof BaremetalError ? error.code : error instanceof Error ? error.name : 'Error';
  const message = error instanceof Error ? `${kind === 'Error' ? '' : `${kind}: `}${error.message}` : String(error);
  return commandExecutionError(message).toCommandError();
}
