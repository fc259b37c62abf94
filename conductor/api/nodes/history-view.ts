import type { HistoryEvent, JsonObject } from '../../../core/index.js';
import { selfLinks } from '../request-context.js';

const SUMMARY_FIELDS = ['uuid', 'created_at', 'severity', 'event'] as const;
const DETAIL_FIELDS = ['uuid', 'created_at', 'severity', 'event', 'event_type', 'conductor', 'user'] as const;

/** One history event (1.78): summary fields, or all with `detail`. */
export function renderHistoryEvent(event: HistoryEvent, baseUrl: string, detail: boolean): JsonObject {
  const out: JsonObject = {};
  for (const field of detail ? DETAIL_FIELDS : SUMMARY_FIELDS) out[field] = event[field];
  out['links'] = selfLinks(baseUrl, `nodes/${event.node_uuid}/history/${event.uuid}`);
  return out;
}
