// A minimal ELF64 file with a `.modinfo` section, enough for readModinfo: a stand-in for a kernel module in
// unit tests (real modules only exist in the kernel package, which unit tests must not need).

/** The bytes of a fake kernel module whose .modinfo holds `entries` (`depends=a,b`, `alias=pci:…`). */
export function fakeKernelModule(entries: readonly string[]): Buffer {
  const modinfo = Buffer.from(entries.map((e) => `${e}\0`).join(''), 'latin1');
  const names = Buffer.from('\0.modinfo\0.shstrtab\0', 'latin1');
  const modinfoAt = 64;
  const namesAt = modinfoAt + modinfo.length;
  const tableAt = Math.ceil((namesAt + names.length) / 8) * 8;
  const file = Buffer.alloc(tableAt + 3 * 64);
  file.writeUInt32BE(0x7f454c46, 0);
  file[4] = 2; // ELFCLASS64
  file[5] = 1; // little-endian
  file.writeBigUInt64LE(BigInt(tableAt), 0x28);
  file.writeUInt16LE(64, 0x3a);
  file.writeUInt16LE(3, 0x3c);
  file.writeUInt16LE(2, 0x3e);
  modinfo.copy(file, modinfoAt);
  names.copy(file, namesAt);
  const section = (index: number, nameOffset: number, type: number, offset: number, size: number): void => {
    const at = tableAt + index * 64;
    file.writeUInt32LE(nameOffset, at);
    file.writeUInt32LE(type, at + 4);
    file.writeBigUInt64LE(BigInt(offset), at + 0x18);
    file.writeBigUInt64LE(BigInt(size), at + 0x20);
  };
  section(1, 1, 1, modinfoAt, modinfo.length); // .modinfo, PROGBITS
  section(2, 10, 3, namesAt, names.length); // .shstrtab, STRTAB
  return file;
}
