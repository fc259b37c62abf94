import { mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { NotFound, isoTimestamp, type Clock, type Logger } from '../../core/index.js';

/** One stored tarball of ramdisk logs, as GET /v1/nodes/{id}/agent_logs lists it. */
export interface AgentLogEntry {
  name: string;
  /** deploy, clean, service, inspect, or `<kind>-failed`. */
  phase: string;
  created_at: string;
  size_bytes: number;
}

const NAME = /^(\d{8}T\d{6}\d{3}Z)_([a-z-]+)\.tar\.gz$/;
const UUID = /^[0-9a-f-]{36}$/i;

/**
 * Ramdisk logs as files, like Ironic's default local storage ([agent]deploy_logs_local_path): one directory
 * per node under `dir`, one `<UTC time>_<phase>.tar.gz` per collection, the newest `keepPerNode` kept. Files
 * live on the conductor that collected them; with several conductors each serves its own.
 */
export class AgentLogStore {
  constructor(private readonly options: { dir: string; keepPerNode: number; clock: Clock; log: Logger }) {}

  /** Stores one tarball and prunes the node's oldest beyond keepPerNode. */
  async store(node: { uuid: string }, label: string, tarGz: Buffer): Promise<void> {
    const dir = this.nodeDir(node.uuid);
    await mkdir(dir, { recursive: true });
    const stamp = new Date(this.options.clock.now()).toISOString().replace(/[-:]/g, '').replace('.', '');
    const phase = label.toLowerCase().replace(/[^a-z-]/g, '') || 'logs';
    await writeFile(join(dir, `${stamp}_${phase}.tar.gz`), tarGz, { mode: 0o600 });
    const names = (await this.names(node.uuid)).sort();
    for (const old of names.slice(0, Math.max(0, names.length - this.options.keepPerNode))) await rm(join(dir, old), { force: true });
  }

  /** The node's stored logs, newest first. */
  async list(nodeUuid: string): Promise<AgentLogEntry[]> {
    const out: AgentLogEntry[] = [];
    for (const name of (await this.names(nodeUuid)).sort().reverse()) {
      const match = NAME.exec(name);
      if (!match) continue;
      const info = await stat(join(this.nodeDir(nodeUuid), name));
      out.push({ name, phase: match[2] ?? '', created_at: isoTimestamp(parseStamp(match[1] ?? '')), size_bytes: info.size });
    }
    return out;
  }

  /** One tarball; NotFound (AgentLogNotFound) for a name that is not stored or not well formed. */
  async read(nodeUuid: string, name: string): Promise<Buffer> {
    if (!NAME.test(name) || !(await this.names(nodeUuid)).includes(name)) throw new NotFound('Agent log', name, `Agent log ${name} of node ${nodeUuid} could not be found.`);
    return readFile(join(this.nodeDir(nodeUuid), name));
  }

  private nodeDir(nodeUuid: string): string {
    if (!UUID.test(nodeUuid)) throw new NotFound('Agent log', nodeUuid);
    return join(this.options.dir, nodeUuid.toLowerCase());
  }

  private async names(nodeUuid: string): Promise<string[]> {
    try {
      return (await readdir(this.nodeDir(nodeUuid))).filter((n) => NAME.test(n));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
  }
}

/** `20260101T000000123Z` -> epoch ms. */
function parseStamp(stamp: string): number {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})(\d{3})Z$/.exec(stamp);
  if (!m) return 0;
  return Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]), Number(m[5]), Number(m[6]), Number(m[7]));
}
