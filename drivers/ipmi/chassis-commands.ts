import { malformed } from './ipmi-error.js';
import { NetFn, type IpmiRequest } from './ipmi-message.js';

/** Chassis Control actions (IPMI 2.0 §28.3 Table 28-4). */
export const ChassisControl = {
  PowerDown: 0x00,
  PowerUp: 0x01,
  PowerCycle: 0x02,
  HardReset: 0x03,
  /** Pulse Diagnostic Interrupt: an NMI to the host. */
  DiagnosticInterrupt: 0x04,
  /** Initiate a soft shutdown via ACPI by emulating a fatal overtemperature. */
  SoftShutdown: 0x05,
} as const;
export type ChassisControl = (typeof ChassisControl)[keyof typeof ChassisControl];

/** Get Device ID (§20.1): answers even at the lowest privilege, so it also serves as keepalive. */
export function getDeviceIdRequest(): IpmiRequest {
  return { netFn: NetFn.App, command: 0x01, data: new Uint8Array(0) };
}

/** What Get Device ID tells (§20.1 Table 20-2). */
export interface DeviceId {
  deviceId: number;
  deviceRevision: number;
  firmwareRevision: string;
  ipmiVersion: string;
  manufacturerId: number;
  productId: number;
}

/** Parses the Get Device ID response data (after the completion code). */
export function parseDeviceId(data: Buffer): DeviceId {
  if (data.length < 11) throw malformed(`Get Device ID response of ${data.length} bytes is truncated`);
  const bcd = (byte: number): string => `${byte >> 4}${byte & 0x0f}`;
  return {
    deviceId: data[0] ?? 0,
    deviceRevision: (data[1] ?? 0) & 0x0f,
    firmwareRevision: `${(data[2] ?? 0) & 0x7f}.${bcd(data[3] ?? 0)}`,
    ipmiVersion: `${(data[4] ?? 0) & 0x0f}.${(data[4] ?? 0) >> 4}`,
    manufacturerId: (data[6] ?? 0) | ((data[7] ?? 0) << 8) | (((data[8] ?? 0) & 0x0f) << 16),
    productId: data.readUInt16LE(9),
  };
}

/** Get Chassis Status (§28.2). */
export function getChassisStatusRequest(): IpmiRequest {
  return { netFn: NetFn.Chassis, command: 0x01, data: new Uint8Array(0) };
}

/** What Get Chassis Status tells (§28.2 Table 28-3). */
export interface ChassisStatus {
  powerOn: boolean;
  powerOverload: boolean;
  powerInterlock: boolean;
  powerFault: boolean;
  powerControlFault: boolean;
  /** Chassis identify state, when the BMC reports it (byte 3 bit 6). */
  identify: 'off' | 'temporary' | 'indefinite' | undefined;
}

/** Parses the Get Chassis Status response data; byte 4 (front panel) is optional and ignored. */
export function parseChassisStatus(data: Buffer): ChassisStatus {
  if (data.length < 3) throw malformed(`Get Chassis Status response of ${data.length} bytes is truncated`);
  const power = data[0] ?? 0;
  const misc = data[2] ?? 0;
  const identifyStates = ['off', 'temporary', 'indefinite', undefined] as const;
  return {
    powerOn: (power & 0x01) !== 0,
    powerOverload: (power & 0x02) !== 0,
    powerInterlock: (power & 0x04) !== 0,
    powerFault: (power & 0x08) !== 0,
    powerControlFault: (power & 0x10) !== 0,
    identify: (misc & 0x40) !== 0 ? identifyStates[(misc >> 4) & 0x03] : undefined,
  };
}

/** Chassis Control (§28.3). */
export function chassisControlRequest(action: ChassisControl): IpmiRequest {
  return { netFn: NetFn.Chassis, command: 0x02, data: Uint8Array.of(action) };
}

/** Chassis Identify (§28.5): blink for `seconds` (0 stops it, at most 255), or until told otherwise with `forceOn`. */
export function chassisIdentifyRequest(seconds: number, forceOn = false): IpmiRequest {
  return {
    netFn: NetFn.Chassis,
    command: 0x04,
    data: Uint8Array.of(Math.max(0, Math.min(255, Math.floor(seconds))), forceOn ? 1 : 0),
  };
}
