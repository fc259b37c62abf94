// Bundles the deploy agent (agent/main.ts) into one ESM file, dist/agent/ferro-agent.mjs, that runs with a bare
// `node` and no node_modules: what the ramdisk builder (ramdisk/) copies in. Run by `npm run agent:build`.
// The createRequire banner lets CommonJS dependencies (pino, undici internals) call require() for Node
// built-ins inside an ES module (npm.md §8, "Agent bundle").
import { build } from 'esbuild';
import { copyFileSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { buildAgentNative } from './build-agent-native.js';

// `npm run agent:build -- --out <file>` writes elsewhere (parallel work trees, test-private ramdisks).
const outAt = process.argv.indexOf('--out');
const outfile = resolve((outAt > 0 ? process.argv[outAt + 1] : undefined) ?? 'dist/agent/ferro-agent.mjs');
const started = performance.now();
const result = await build({
  entryPoints: ['agent/main.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  minify: true,
  sourcemap: false,
  legalComments: 'none',
  metafile: true,
  banner: {
    js: "import { createRequire as __ferroCreateRequire } from 'node:module'; const require = __ferroCreateRequire(import.meta.url);",
  },
  logLevel: 'warning',
});
const sizeBytes = statSync(outfile).size;
const output = Object.values(result.metafile.outputs)[0];
const byPackage = new Map<string, number>();
for (const [path, info] of Object.entries(output?.inputs ?? {})) {
  const name = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1] ?? path.split('/')[0] ?? path;
  byPackage.set(name, (byPackage.get(name) ?? 0) + info.bytesInOutput);
}
const top = [...byPackage.entries()]
  .sort((a, b) => b[1] - a[1])
  .slice(0, 8)
  .map(([n, b]) => `${n} ${(b / 1024).toFixed(0)} KiB`);
console.log(
  `${outfile}: ${(sizeBytes / 1024).toFixed(0)} KiB in ${Math.round(performance.now() - started)} ms (largest: ${top.join(', ')})`,
);
// The LLDP capture addon ships beside the bundle (lldp-socket.ts looks there; the ramdisk copies it to /ferro).
// Without a C toolchain the bundle still builds: the agent then reports `lldp: null`, as it says in its log.
const addonPath = join(dirname(outfile), 'ferro-lldp.node');
try {
  copyFileSync(buildAgentNative(), addonPath);
  console.log(`${addonPath}: ${(statSync(addonPath).size / 1024).toFixed(0)} KiB (LLDP capture addon)`);
} catch (error) {
  rmSync(addonPath, { force: true });
  console.warn(`WARNING: no LLDP addon beside the bundle (${error instanceof Error ? error.message : String(error)}); install build-essential`);
}
