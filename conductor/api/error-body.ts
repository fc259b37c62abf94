import { BaremetalError } from '../../core/index.js';

/** What the API sends for a failed request: `text` is `body` serialized the way Ironic's json.dumps does. */
export interface IronicErrorReply {
  status: number;
  body: { error_message: string };
  text: string;
}

/** JSON.stringify with Python json.dumps defaults (ensure_ascii), for strings and null. */
function pythonJson(value: string | null): string {
  return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Fastify's own client errors (parser, body limit, bad URL) and the status we answer them with. */
const FRAMEWORK_ERRORS: Readonly<Record<string, { status: number; message?: string }>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: { status: 413, message: 'Request body is too large.' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { status: 415, message: 'Unsupported media type; send application/json.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: { status: 400, message: 'Request body size did not match Content-Length.' },
  FST_ERR_CTP_EMPTY_JSON_BODY: { status: 400, message: 'Body cannot be empty when content-type is set to application/json.' },
  FST_ERR_BAD_URL: { status: 400, message: 'Malformed URL.' },
  FST_ERR_ASYNC_CONSTRAINT: { status: 400 },
};

function frameworkStatus(error: unknown): { status: number; message: string } | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as { code?: unknown }).code;
  const known = typeof code === 'string' ? FRAMEWORK_ERRORS[code] : undefined;
  if (known) return { status: known.status, message: known.message ?? error.message };
  const statusCode = (error as { statusCode?: unknown }).statusCode;
  if (typeof statusCode === 'number' && statusCode >= 400 && statusCode < 500) {
    return { status: statusCode, message: error.message };
  }
  return undefined;
}

/**
 * The only place that builds Ironic's error body: `error_message` holds a JSON *string* of
 * `{faultcode, faultstring, debuginfo}` (ironic api/method.py); `Client` for 4xx, `Server` for 5xx.
 * Unknown errors become a generic 500 whose stack is shown only in debug mode.
 */
export function toIronicError(error: unknown, debug: boolean): IronicErrorReply {
  let status = 500;
  let message = 'Internal error; see the conductor log.';
  if (error instanceof BaremetalError) {
    status = error.status;
    message = error.message;
  } else {
    const framework = frameworkStatus(error);
    if (framework) ({ status, message } = framework);
  }
  const faultcode = status < 500 ? 'Client' : 'Server';
  const debuginfo = debug && status >= 500 && error instanceof Error ? (error.stack ?? null) : null;
  // Byte-compatible with Ironic: `{"faultcode": "Client", "faultstring": "...", "debuginfo": null}`.
  const errorMessage = `{"faultcode": ${pythonJson(faultcode)}, "faultstring": ${pythonJson(message)}, "debuginfo": ${pythonJson(debuginfo)}}`;
  return { status, body: { error_message: errorMessage }, text: `{"error_message": ${pythonJson(errorMessage)}}` };
}
