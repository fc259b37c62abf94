import { BASE_REGISTRY_PREFIX, baseMessage, type BaseMessageKey } from './base-messages.js';
import type { JsonObject } from './json-object.js';

/** One `@Message.ExtendedInfo` entry (Message.v1_1 schema: MessageId, Message, MessageArgs, severity, resolution). */
export interface RedfishMessage extends JsonObject {
  '@odata.type': string;
  MessageId: string;
  Message: string;
  MessageArgs: string[];
  Severity: string;
  MessageSeverity: string;
  Resolution: string;
}

/** Builds a Base registry message, filling `%1`… from `args` (DSP0266 §9.6). */
export function baseRegistryMessage(
  key: BaseMessageKey,
  args: readonly string[] = [],
  relatedProperties?: string[],
): RedfishMessage {
  const template = baseMessage(key);
  const text = template.message.replace(/%(\d+)/g, (_, index: string) => args[Number(index) - 1] ?? '');
  const message: RedfishMessage = {
    '@odata.type': '#Message.v1_1_1.Message',
    MessageId: `${BASE_REGISTRY_PREFIX}.${key}`,
    Message: text,
    MessageArgs: [...args],
    Severity: template.severity,
    MessageSeverity: template.severity,
    Resolution: template.resolution,
  };
  if (relatedProperties !== undefined) message.RelatedProperties = relatedProperties;
  return message;
}

/**
 * An error answer. DSP0266 §9.6 "Error responses": the body is `{"error": {"code", "message",
 * "@Message.ExtendedInfo": [...]}}` where `code` is the MessageId of the first (or a general) message.
 */
export class RedfishError extends Error {
  constructor(
    readonly status: number,
    readonly messages: readonly RedfishMessage[],
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(messages[0]?.Message ?? `HTTP ${status}`);
    this.name = 'RedfishError';
  }

  /** The JSON error body for this error. */
  toBody(): JsonObject {
    const first = this.messages[0];
    const general = this.messages.length === 1 && first !== undefined ? first : baseRegistryMessage('GeneralError');
    return {
      error: {
        code: general.MessageId,
        message: general.Message,
        '@Message.ExtendedInfo': this.messages.map((message) => ({ ...message })),
      },
    };
  }
}

/** Shorthand for a RedfishError carrying one Base message. */
export function redfishError(
  status: number,
  key: BaseMessageKey,
  args: readonly string[] = [],
  headers: Record<string, string> = {},
): RedfishError {
  return new RedfishError(status, [baseRegistryMessage(key, args)], headers);
}
