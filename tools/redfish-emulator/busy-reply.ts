import type { EmulatorState } from './emulator-state.js';
import { baseRegistryMessage, RedfishError, type RedfishMessage } from './redfish-error.js';

/**
 * The "busy" answer for this request while the busy switch has requests left (redfish.md §2.2), or undefined.
 * Each busy answer uses one of `remaining`.
 */
export function busyError(state: EmulatorState, method: string): RedfishError | undefined {
  const busy = state.switches.busy;
  if (busy.remaining <= 0) return undefined;
  const changes = method !== 'GET' && method !== 'HEAD';
  if (busy.style === 'ilo' && !changes) return undefined;
  busy.remaining -= 1;
  const retryAfter = { 'Retry-After': String(busy.retryAfterSeconds) };
  switch (busy.style) {
    case 'service-unavailable':
      return new RedfishError(
        503,
        [baseRegistryMessage('ServiceTemporarilyUnavailable', [String(busy.retryAfterSeconds)])],
        retryAfter,
      );
    case 'idrac':
      return new RedfishError(
        503,
        [
          vendorMessage(
            'IDRAC.2.8.SYS518',
            'iDRAC is currently unable to display any information because data sources are unavailable.',
            'After the data sources are available, retry the operation.',
          ),
        ],
        retryAfter,
      );
    case 'ilo':
      return new RedfishError(400, [
        vendorMessage(
          'iLO.2.14.InvalidOperationForSystemState',
          'The operation cannot be performed in the current system state.',
          'Retry the operation when the system has finished POST.',
        ),
      ]);
  }
}

function vendorMessage(id: string, message: string, resolution: string): RedfishMessage {
  return { ...baseRegistryMessage('GeneralError'), MessageId: id, Message: message, Resolution: resolution };
}
