import type { IncomingMessage } from 'node:http';
import { isJsonObject, type JsonObject } from './json-object.js';
import { redfishError } from './redfish-error.js';

/** The largest request body accepted; a BMC's bodies are a few kilobytes. */
export const DEFAULT_MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads and parses a request body. Empty means undefined. Too large is 413 PayloadTooLarge (the rest of the
 * body is drained, not buffered); not JSON is 400 MalformedJSON; JSON that is not an object is 400
 * UnrecognizedRequestBody (every Redfish request body is an object, DSP0266 §7.6/§7.8/§7.10).
 */
export async function readJsonBody(request: IncomingMessage, maxBytes: number): Promise<JsonObject | undefined> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > maxBytes) {
    request.resume();
    throw redfishError(413, 'PayloadTooLarge');
  }
  const chunks: Buffer[] = [];
  let size = 0;
  let tooLarge = false;
  for await (const chunk of request) {
    const buffer = Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk));
    size += buffer.length;
    if (size > maxBytes) tooLarge = true;
    else chunks.push(buffer);
  }
  if (tooLarge) throw redfishError(413, 'PayloadTooLarge');
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw redfishError(400, 'MalformedJSON');
  }
  if (!isJsonObject(parsed)) throw redfishError(400, 'UnrecognizedRequestBody');
  return parsed;
}
