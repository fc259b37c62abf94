import type { IncomingMessage } from 'node:http';
import { AgentError } from '../commands/agent-error.js';

/** Reads and parses a JSON request body of at most `maxBytes`; malformed or oversized bodies are 400/413, never a crash. */
export async function readJsonBody(req: IncomingMessage, maxBytes: number): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > maxBytes) throw tooLarge(maxBytes);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > maxBytes) throw tooLarge(maxBytes); // Node closes a connection whose body was not read
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch (error) {
    throw new AgentError(
      'InvalidContentError',
      400,
      'Invalid request body',
      `not JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function tooLarge(maxBytes: number): AgentError {
  return new AgentError('InvalidContentError', 413, 'Request body too large', `the limit is ${maxBytes} bytes`);
}
