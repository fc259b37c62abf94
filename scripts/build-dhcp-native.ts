// Builds the boot servers' native addons with the node-gyp that ships with npm, against the headers of the
// running Node (<prefix>/include/node), so nothing is downloaded: the DHCP server's interface-binding addon
// (conductor/boot/dhcp/native) and the TFTP server's data path (conductor/boot/tftp/native; optional at run
// time, the server falls back to JS without it). Run by `npm run build:dhcp-native`; needs make and a C
// compiler (Debian: build-essential).
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

const prefix = resolve(dirname(process.execPath), '..');
const candidates = [
  join(prefix, 'lib', 'node_modules', 'npm', 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
  join(process.cwd(), 'node_modules', 'node-gyp', 'bin', 'node-gyp.js'),
];
const gyp = candidates.find((p) => existsSync(p));
if (gyp === undefined) throw new Error(`node-gyp not found (looked in ${candidates.join(', ')})`);
if (!existsSync(join(prefix, 'include', 'node', 'node_api.h')))
  throw new Error(`Node headers not found under ${prefix}/include/node`);
for (const server of ['dhcp', 'tftp']) {
  execFileSync(
    process.execPath,
    [gyp, 'rebuild', `--nodedir=${prefix}`, '--directory', join('conductor', 'boot', server, 'native')],
    { stdio: 'inherit' },
  );
}
