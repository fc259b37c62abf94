import type { IncomingHttpHeaders } from 'node:http';
import type { EmulatorState } from './emulator-state.js';
import type { JsonObject } from './json-object.js';

/** What a handler answers; the server turns it into an HTTP response. */
export interface Reply {
  readonly status: number;
  /** A JSON body, or text (the CSDL `$metadata` document). */
  readonly body?: JsonObject | { readonly xml: string };
  readonly headers?: Readonly<Record<string, string>>;
}

/** One request as handlers see it: method, normalized path, its store key when it names a resource. */
export interface RequestContext {
  readonly state: EmulatorState;
  readonly method: string;
  readonly path: string;
  readonly key: string | undefined;
  readonly headers: IncomingHttpHeaders;
  /** The parsed JSON body; undefined when the request had none. */
  readonly body: JsonObject | undefined;
}

/** 204 No Content. */
export const noContent: Reply = { status: 204 };
