// What the suites that run the real agent on a simulated machine share (test/integration/agent-machine.test.ts,
// agent-fast-track.test.ts): the agent bundle built from this checkout, an image server on loopback, and a
// conductor process with fake power and Ferro's HTTP boot server, wired so the simulated machine can boot.
import { execFileSync } from 'node:child_process';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { freePort, startConductor, type ConductorProcess } from './conductor-process.js';

const ROOT = resolve(import.meta.dirname, '../..');

/**
 * Builds dist/agent/ferro-agent.mjs from this checkout (esbuild, about a second) so a suite exercises the
 * current agent, not a stale dist/; returns why it could not (also printed as the suite's skip reason).
 */
export function buildAgentBundle(suite: string): string | undefined {
  try {
    execFileSync(process.execPath, [join(ROOT, 'node_modules/tsx/dist/cli.mjs'), 'scripts/build-agent.ts'], { cwd: ROOT, stdio: 'pipe' });
  } catch {
    // reported below: the bundle is missing
  }
  const why = existsSync(join(ROOT, 'dist/agent/ferro-agent.mjs')) ? undefined : 'dist/agent/ferro-agent.mjs could not be built (scripts/build-agent.ts)';
  if (why !== undefined) console.warn(`SKIP ${suite}: ${why}`);
  return why;
}

/** An HTTP server on loopback serving images. */
export interface ImageServer {
  url: string;
  close(): Promise<void>;
}

/** Serves `image` at /instance.img through `serve` (default: the whole image at once) and 404 elsewhere. */
export async function startImageServer(
  image: Buffer,
  serve: (res: ServerResponse, image: Buffer, req: IncomingMessage) => void = (res) => { res.end(image); },
): Promise<ImageServer> {
  const server = createServer((req, res) => {
    if (req.url !== '/instance.img') {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Length': String(image.length) });
    serve(res, image, req);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { url: `http://127.0.0.1:${String(port)}`, close: () => new Promise<void>((ok) => server.close(() => ok())) };
}

/**
 * A conductor process for a simulated machine: fake power polled every 100 ms, HTTP boot on loopback (the machine
 * reads its kernel command line from the iPXE script), callback checks every 2 s; `env` on top.
 */
export async function startSimulatedMachineConductor(env: Record<string, string>): Promise<{ conductor: ConductorProcess; bootUrl: string }> {
  const apiPort = await freePort();
  const bootPort = await freePort();
  const conductor = await startConductor({
    port: apiPort,
    env: {
      FERRO_LOG_LEVEL: 'debug',
      FERRO_HTTP_BOOT_ENABLED: 'true', FERRO_HTTP_BOOT_HOST: '127.0.0.1', FERRO_HTTP_BOOT_PORT: String(bootPort),
      FERRO_HTTP_BOOT_API_URLS: `http://127.0.0.1:${String(apiPort)}`,
      FERRO_CONDUCTOR_CHECK_PROVISION_STATE_INTERVAL_S: '2',
      FERRO_CONDUCTOR_POWER_POLL_INTERVAL_MS: '100',
      ...env,
    },
  });
  return { conductor, bootUrl: `http://127.0.0.1:${String(bootPort)}` };
}
