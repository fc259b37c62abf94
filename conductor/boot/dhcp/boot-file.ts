/** Where the boot files are, as the server hands them out (a slice of the dhcp config). */
export interface BootFileSettings {
  /** siaddr and option 66: the TFTP server's address. */
  tftpServer: string;
  /** BIOS PXE (arch 0): an iPXE build that uses the ROM's UNDI driver. */
  biosFile: string;
  /** UEFI x86-64 PXE (arch 6, 7, 9): snponly.efi or ipxe.efi. */
  uefiX64File: string;
  /** UEFI arm64 PXE (arch 11). */
  uefiArm64File: string;
  /** UEFI HTTP boot (arch 16 x86-64 / 19 arm64): URLs of the same iPXE builds on the HTTP server. */
  httpBootX64Url: string;
  httpBootArm64Url: string;
  /** The iPXE script every iPXE client chains to (Ironic's boot.ipxe). */
  ipxeScriptUrl: string;
}

/** What a client should boot: a TFTP file, an HTTP URL (UEFI HTTP boot) or the iPXE script. */
export type BootChoice =
  | { kind: 'tftp'; file: string; server: string }
  | { kind: 'http-boot'; url: string }
  | { kind: 'ipxe-script'; url: string };

/** The boot-relevant facts about one request. */
export interface BootClient {
  arch: number | undefined;
  isIpxe: boolean;
  isHttpClient: boolean;
  isPxe: boolean;
}

/**
 * Picks the boot file, as Ironic's dnsmasq recipes do (ironic.md §6.3): iPXE gets the HTTP script, which
 * breaks the PXE -> iPXE -> PXE loop; otherwise option 93 (RFC 4578 §2.1, IANA processor architecture
 * types) picks the firmware's iPXE build. Clients that are neither PXE nor iPXE get no boot file.
 */
export function chooseBootFile(client: BootClient, s: BootFileSettings): BootChoice | undefined {
  if (client.isIpxe) return { kind: 'ipxe-script', url: s.ipxeScriptUrl };
  if (!client.isPxe) return undefined;
  switch (client.arch) {
    case 15: // x86 UEFI HTTP; iPXE has no 32-bit build here, offer the x64 one as dnsmasq setups do
    case 16:
      return { kind: 'http-boot', url: s.httpBootX64Url };
    case 19:
      return { kind: 'http-boot', url: s.httpBootArm64Url };
    case 6:
    case 7:
    case 9:
      return tftpOrHttp(client, s.uefiX64File, s.httpBootX64Url, s);
    case 11:
      return tftpOrHttp(client, s.uefiArm64File, s.httpBootArm64Url, s);
    case 0:
    case undefined:
      return { kind: 'tftp', file: s.biosFile, server: s.tftpServer };
    default:
      return undefined; // an architecture we have no build for: better no answer than a file that hangs it
  }
}

function tftpOrHttp(client: BootClient, file: string, url: string, s: BootFileSettings): BootChoice {
  return client.isHttpClient ? { kind: 'http-boot', url } : { kind: 'tftp', file, server: s.tftpServer };
}
