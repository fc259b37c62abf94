import type { JsonObject, JsonValue } from '../../core/index.js';
import { arrayAt, isObject, objectAt, stringAt } from './json-fields.js';

/** One Redfish message (Message.v1 schema): what a BMC says about an error or a task. */
export interface RedfishMessage {
  messageId: string;
  message: string;
  args: string[];
  severity: string | undefined;
}

/**
 * Decodes an error body (DSP0266 §9.7: `{"error": {"code", "message", "@Message.ExtendedInfo": [...]}}`) or a
 * Task's `Messages`. iDRAC sometimes sends one object instead of a list, and sends `MessageArgs` as the string
 * "[]" (redfish.md §2.2; sushy-oem-idrac error_running_job.json), so both shapes are accepted.
 */
export function decodeExtendedInfo(body: JsonValue | undefined): RedfishMessage[] {
  if (!isObject(body)) return [];
  const error = objectAt(body, 'error');
  const source = error ?? body;
  const raw = source['@Message.ExtendedInfo'] ?? source['Messages'];
  const items = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
  const messages = items.filter(isObject).map(toMessage);
  const code = stringAt(error, 'code');
  const text = stringAt(error, 'message');
  if (messages.length === 0 && (code !== undefined || text !== undefined)) {
    messages.push({ messageId: code ?? '', message: text ?? '', args: [], severity: undefined });
  }
  return messages;
}

function toMessage(item: JsonObject): RedfishMessage {
  const rawArgs = arrayAt(item, 'MessageArgs') ?? [];
  return {
    messageId: stringAt(item, 'MessageId') ?? '',
    message: stringAt(item, 'Message') ?? '',
    args: rawArgs.map((a) => (typeof a === 'string' ? a : JSON.stringify(a))),
    severity: stringAt(item, 'MessageSeverity') ?? stringAt(item, 'Severity'),
  };
}

/** One line for an error message: each message's text, or its id and arguments when it has no text. */
export function describeMessages(messages: readonly RedfishMessage[]): string {
  return messages
    .map((m) => m.message !== '' ? (m.messageId !== '' ? `${m.message} (${m.messageId})` : m.message) : `${m.messageId}${m.args.length ? ` [${m.args.join(', ')}]` : ''}`)
    .filter((s) => s !== '')
    .join('; ');
}
