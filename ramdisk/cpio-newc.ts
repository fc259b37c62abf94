// The "newc" cpio format, the one the kernel unpacks as initramfs (Documentation/driver-api/early-userspace/
// buffer-format.rst). Written here rather than by `cpio -o` so every header field is ours to fix: inode numbers
// in path order, uid/gid 0, one mtime (SOURCE_DATE_EPOCH), no device numbers from the build host.
import { sortedPaths, type ImageEntry, type ImageTree } from './image-tree.js';

const MAGIC = '070701';
const TRAILER = 'TRAILER!!!';
const S_IFDIR = 0o040000;
const S_IFREG = 0o100000;
const S_IFLNK = 0o120000;
const S_IFCHR = 0o020000;

function pad4(length: number): Buffer {
  return Buffer.alloc((4 - (length % 4)) % 4);
}

function hex8(value: number): string {
  if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) throw new Error(`cpio field out of range: ${value}`);
  return value.toString(16).padStart(8, '0');
}

interface HeaderFields {
  ino: number;
  mode: number;
  nlink: number;
  mtime: number;
  size: number;
  rdevMajor: number;
  rdevMinor: number;
}

function header(name: string, f: HeaderFields): Buffer {
  const nameBytes = Buffer.from(`${name}\0`, 'utf8');
  const fields = [f.ino, f.mode, 0, 0, f.nlink, f.mtime, f.size, 0, 0, f.rdevMajor, f.rdevMinor, nameBytes.length, 0];
  const head = Buffer.from(MAGIC + fields.map(hex8).join(''), 'latin1');
  return Buffer.concat([head, nameBytes, pad4(head.length + nameBytes.length)]);
}

function modeAndData(entry: ImageEntry): { mode: number; data: Buffer; rdev: [number, number] } {
  switch (entry.kind) {
    case 'dir':
      return { mode: S_IFDIR | entry.mode, data: Buffer.alloc(0), rdev: [0, 0] };
    case 'file':
      return { mode: S_IFREG | entry.mode, data: entry.data, rdev: [0, 0] };
    case 'symlink':
      return { mode: S_IFLNK | 0o777, data: Buffer.from(entry.target, 'utf8'), rdev: [0, 0] };
    case 'char-device':
      return { mode: S_IFCHR | entry.mode, data: Buffer.alloc(0), rdev: [entry.major, entry.minor] };
  }
}

/**
 * The archive of `tree` as chunks (headers and file data, in path order) ending with the trailer. Owner
 * root:root and `mtimeSeconds` for everything: the kernel applies both, and the host's values would make
 * two builds differ.
 */
export function* cpioNewcChunks(tree: ImageTree, mtimeSeconds: number): Generator<Buffer> {
  let ino = 0;
  let offset = 0;
  const emit = (chunk: Buffer): Buffer => {
    offset += chunk.length;
    return chunk;
  };
  for (const path of sortedPaths(tree)) {
    const entry = tree.get(path);
    if (entry === undefined) continue;
    const { mode, data, rdev } = modeAndData(entry);
    ino += 1;
    const nlink = entry.kind === 'dir' ? 2 : 1;
    const fields = { ino, mode, nlink, mtime: mtimeSeconds, size: data.length, rdevMajor: rdev[0], rdevMinor: rdev[1] };
    yield emit(header(path, fields));
    if (data.length > 0) {
      yield emit(data);
      yield emit(pad4(data.length));
    }
  }
  yield emit(header(TRAILER, { ino: 0, mode: 0, nlink: 1, mtime: 0, size: 0, rdevMajor: 0, rdevMinor: 0 }));
  // GNU cpio pads to 512-byte blocks; the kernel does not need it, but tools such as `cpio -t` expect it.
  yield pad512(offset);
}

function pad512(length: number): Buffer {
  return Buffer.alloc((512 - (length % 512)) % 512);
}

/** One member of a newc archive as read back (tests and the manifest's file count). */
export interface CpioMember {
  name: string;
  mode: number;
  uid: number;
  gid: number;
  mtime: number;
  rdevMajor: number;
  rdevMinor: number;
  data: Buffer;
}

/** Parses a whole newc archive; throws on a malformed header. Stops at the trailer. */
export function readCpioNewc(archive: Buffer): CpioMember[] {
  const members: CpioMember[] = [];
  let at = 0;
  while (at + 110 <= archive.length) {
    if (archive.toString('latin1', at, at + 6) !== MAGIC) throw new Error(`no newc header at offset ${at}`);
    const field = (i: number): number => parseInt(archive.toString('latin1', at + 6 + i * 8, at + 14 + i * 8), 16);
    const nameSize = field(11);
    const size = field(6);
    const name = archive.toString('utf8', at + 110, at + 110 + nameSize - 1);
    const dataAt = at + 110 + nameSize + ((4 - ((110 + nameSize) % 4)) % 4);
    if (name === TRAILER) break;
    const data = archive.subarray(dataAt, dataAt + size);
    members.push({
      name,
      mode: field(1),
      uid: field(2),
      gid: field(3),
      mtime: field(5),
      rdevMajor: field(9),
      rdevMinor: field(10),
      data,
    });
    at = dataAt + size + ((4 - (size % 4)) % 4);
  }
  return members;
}
