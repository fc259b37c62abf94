// Builds the agent's LLDP capture addon (agent/hardware-managers/inventory/lldp/native) with the node-gyp that
// ships with npm, against the headers of the running Node (<prefix>/include/node), so nothing is downloaded.
// The ramdisk runs the same Node (ramdisk/node-runtime.ts), and N-API is ABI-stable anyway. Needs make and a
// C compiler (Debian: build-essential), like `npm run build:dhcp-native`. `npm run agent:build` calls it and
// ships the result beside the bundle; `npm run build:agent-native` runs it alone (the LLDP integration test).
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const NATIVE_DIR = join('agent', 'hardware-managers', 'inventory', 'lldp', 'native');

/** Where node-gyp puts the addon, relative to the repository root. */
export const LLDP_ADDON_BUILD_PATH = join(NATIVE_DIR, 'build', 'Release', 'lldp_socket.node');

/** Builds the addon unless it is newer than its source; returns its absolute path. */
export function buildAgentNative(repo: string = process.cwd()): string {
  const built = resolve(repo, LLDP_ADDON_BUILD_PATH);
  const source = resolve(repo, NATIVE_DIR, 'lldp-socket.c');
  if (existsSync(built) && statSync(built).mtimeMs >= statSync(source).mtimeMs) return built;
  const prefix = resolve(dirname(process.execPath), '..');
  const candidates = [
    join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
    join(repo, 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  ];
  const gyp = candidates.find((p) => existsSync(p));
  if (gyp === undefined) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')})`);
  if (!existsSync(join(prefix, 'include', 'node', 'node_api.h')))
    throw new Error(`Node headers not found under ${prefix}/include/node`);
  execFileSync(process.execPath, [gyp, 'rebuild', `--nodedir=${prefix}`, '--directory', resolve(repo, NATIVE_DIR)], {
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  return built;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  process.stdout.write(`${buildAgentNative()}\n`);
}
