// Just enough ELF64 (little-endian, x86-64) to build the ramdisk without binutils or kmod: the section table,
// a kernel module's `.modinfo` strings (what `modinfo` prints: depends=, alias=, …) and a program's
// DT_NEEDED libraries and interpreter (what `ldd` would resolve, but read from the file instead of run).

/** One section of an ELF file: its name and where its bytes are. */
export interface ElfSection {
  name: string;
  type: number;
  offset: number;
  size: number;
  link: number;
}

const SHT_NOBITS = 8;
const DT_NULL = 0n;
const DT_NEEDED = 1n;

/** The sections of a 64-bit little-endian ELF file; throws when `bytes` is not one. */
export function readElfSections(bytes: Buffer, what = 'file'): ElfSection[] {
  if (bytes.length < 64 || bytes.readUInt32BE(0) !== 0x7f454c46) throw new Error(`${what} is not an ELF file`);
  if (bytes[4] !== 2 || bytes[5] !== 1) throw new Error(`${what} is not a 64-bit little-endian ELF file`);
  const tableOffset = Number(bytes.readBigUInt64LE(0x28));
  const entrySize = bytes.readUInt16LE(0x3a);
  const count = bytes.readUInt16LE(0x3c);
  const namesIndex = bytes.readUInt16LE(0x3e);
  if (tableOffset + entrySize * count > bytes.length) throw new Error(`${what}: section table beyond end of file`);
  const raw = Array.from({ length: count }, (_, i) => {
    const at = tableOffset + i * entrySize;
    return {
      nameOffset: bytes.readUInt32LE(at),
      type: bytes.readUInt32LE(at + 4),
      offset: Number(bytes.readBigUInt64LE(at + 0x18)),
      size: Number(bytes.readBigUInt64LE(at + 0x20)),
      link: bytes.readUInt32LE(at + 0x28),
    };
  });
  const names = raw[namesIndex];
  if (names === undefined) throw new Error(`${what}: no section name table`);
  return raw.map(({ nameOffset, ...rest }) => ({ name: cString(bytes, names.offset + nameOffset), ...rest }));
}

function cString(bytes: Buffer, at: number): string {
  const end = bytes.indexOf(0, at);
  return bytes.toString('latin1', at, end < 0 ? bytes.length : end);
}

function sectionBytes(bytes: Buffer, section: ElfSection | undefined): Buffer | undefined {
  if (section === undefined || section.type === SHT_NOBITS) return undefined;
  return bytes.subarray(section.offset, section.offset + section.size);
}

/** A kernel module's `.modinfo` as key -> values (`alias` repeats; `depends` is one comma-separated value). */
export function readModinfo(bytes: Buffer, what = 'module'): Map<string, string[]> {
  const data = sectionBytes(
    bytes,
    readElfSections(bytes, what).find((s) => s.name === '.modinfo'),
  );
  if (data === undefined) throw new Error(`${what} has no .modinfo section (not a kernel module?)`);
  const info = new Map<string, string[]>();
  for (const entry of data.toString('latin1').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq <= 0) continue;
    const key = entry.slice(0, eq);
    info.set(key, [...(info.get(key) ?? []), entry.slice(eq + 1)]);
  }
  return info;
}

/** What the dynamic loader needs to run a program or library: its DT_NEEDED sonames and PT_INTERP path. */
export interface ElfDynamicInfo {
  needed: string[];
  /** `/lib64/ld-linux-x86-64.so.2` for programs; undefined for libraries and static programs. */
  interpreter: string | undefined;
}

/** DT_NEEDED entries and the interpreter; both empty for a static program (busybox-static). */
export function readElfDynamic(bytes: Buffer, what = 'program'): ElfDynamicInfo {
  const sections = readElfSections(bytes, what);
  const interp = sectionBytes(
    bytes,
    sections.find((s) => s.name === '.interp'),
  );
  const dynamicSection = sections.find((s) => s.name === '.dynamic');
  const dynamic = sectionBytes(bytes, dynamicSection);
  const strings = sectionBytes(bytes, dynamicSection === undefined ? undefined : sections[dynamicSection.link]);
  const needed: string[] = [];
  if (dynamic !== undefined && strings !== undefined) {
    for (let at = 0; at + 16 <= dynamic.length; at += 16) {
      const tag = dynamic.readBigInt64LE(at);
      if (tag === DT_NULL) break;
      if (tag === DT_NEEDED) needed.push(cString(strings, Number(dynamic.readBigUInt64LE(at + 8))));
    }
  }
  return { needed, interpreter: interp === undefined ? undefined : cString(interp, 0) };
}
