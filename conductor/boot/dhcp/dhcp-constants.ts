/** DHCP message types, option 53 (RFC 2132 §9.6). */
export const MessageType = {
  Discover: 1,
  Offer: 2,
  Request: 3,
  Decline: 4,
  Ack: 5,
  Nak: 6,
  Release: 7,
  Inform: 8,
} as const;
/** One of the DHCP message type values. */
export type MessageType = (typeof MessageType)[keyof typeof MessageType];

/** BOOTP op codes (RFC 2131 §2). */
export const BootpOp = { Request: 1, Reply: 2 } as const;

/** Option codes this server reads or writes (RFC 2132 unless noted). */
export const Option = {
  Pad: 0,
  SubnetMask: 1,
  Router: 3,
  DomainServer: 6,
  HostName: 12,
  DomainName: 15,
  BroadcastAddress: 28,
  VendorSpecific: 43,
  RequestedAddress: 50,
  LeaseTime: 51,
  Overload: 52,
  MessageType: 53,
  ServerIdentifier: 54,
  ParameterRequestList: 55,
  Message: 56,
  MaxMessageSize: 57,
  RenewalTime: 58,
  RebindingTime: 59,
  VendorClass: 60,
  ClientIdentifier: 61,
  TftpServerName: 66,
  BootfileName: 67,
  UserClass: 77, // RFC 3004
  ClientArchitecture: 93, // RFC 4578 §2.1
  ClientNdi: 94, // RFC 4578 §2.2
  ClientMachineId: 97, // RFC 4578 §2.3
  Ipxe: 175, // iPXE's encapsulated options (ipxe src/include/ipxe/dhcp.h)
  End: 255,
} as const;

/** The four bytes that start the options field (RFC 2131 §3, "magic cookie"). */
export const MAGIC_COOKIE = 0x63825363;

/** Size of the fixed BOOTP header before the magic cookie (RFC 2131 §2, figure 1). */
export const HEADER_BYTES = 236;

/** Where sname (64 bytes) and file (128 bytes) start in the header. */
export const SNAME_OFFSET = 44;
export const SNAME_BYTES = 64;
export const FILE_OFFSET = 108;
export const FILE_BYTES = 128;

/** The smallest message every client must accept (RFC 2131 §2: 576-byte IP datagrams). */
export const MIN_MESSAGE_BYTES = 576 - 28;

/** Broadcast flag in `flags` (RFC 2131 §2, figure 2). */
export const BROADCAST_FLAG = 0x8000;
