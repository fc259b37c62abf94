import type { JsonObject, Logger } from '../../core/index.js';

/** What a command gets besides its parameters. */
export interface CommandContext {
  /** Aborted when the agent stops. */
  signal: AbortSignal;
  /** Reports progress ("write_image: 412 of 2048 MiB"); the heartbeat carries the latest message. */
  progress: (message: string) => void;
  log: Logger;
}

/**
 * One command of an extension (IPA's @sync_command / @async_command). A sync command answers the POST with
 * its result; an async one answers RUNNING at once and finishes in the background.
 */
export interface AgentCommand {
  readonly mode: 'sync' | 'async';
  /** Checks the parameters before anything runs; throws invalidCommandParams (HTTP 400) when they are wrong. */
  validate?(params: JsonObject): void;
  /** Runs the command; a string result becomes `{result: "<command>: <text>"}` as in IPA. */
  run(params: JsonObject, ctx: CommandContext): Promise<JsonObject | string | null>;
}

/** An extension: its commands by name (`standby` -> `prepare_image` …). */
export type AgentExtension = Readonly<Record<string, AgentCommand>>;

/** Every extension by name. */
export type AgentExtensions = ReadonlyMap<string, AgentExtension>;

/** True for a plain JSON object (not null, not an array). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
