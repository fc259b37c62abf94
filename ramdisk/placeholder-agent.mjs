// Stand-in for the agent bundle (dist/agent/ferro-agent.mjs) while the real agent is being written, selected
// with `npm run ramdisk:build -- --placeholder-agent`. It does what IPA does first and nothing else: lookup by
// MAC, then heartbeats, so the time from power-on to the first heartbeat can be measured. Like the agent it
// reads its settings from the kernel command line (ipa-api-url=, BOOTIF=). The token is never printed.
/* global fetch, setTimeout, URLSearchParams */
import { readFileSync } from 'node:fs';
import { networkInterfaces, uptime } from 'node:os';

const say = (text) => process.stdout.write(`FERRO-AGENT ${text} uptime=${uptime().toFixed(2)}\n`);
const sleep = (ms) => new Promise((done) => setTimeout(done, ms));

function kernelArgs() {
  const args = new Map();
  for (const word of readFileSync('/proc/cmdline', 'utf8').trim().split(/\s+/)) {
    const eq = word.indexOf('=');
    if (eq > 0) args.set(word.slice(0, eq), word.slice(eq + 1));
  }
  return args;
}

/** The boot NIC's MAC from BOOTIF (01-aa-bb-…), else every non-loopback MAC (IPA sends all of them). */
function macs(args) {
  const bootif = args.get('BOOTIF');
  if (bootif !== undefined) return [bootif.replace(/^01-/, '').replace(/-/g, ':').toLowerCase()];
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  return [...new Set(all.filter((a) => !a.internal && a.mac !== '00:00:00:00:00:00').map((a) => a.mac))];
}

function callbackUrl(mac) {
  const all = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const address =
    all.find((a) => a.family === 'IPv4' && !a.internal && a.mac === mac) ??
    all.find((a) => a.family === 'IPv4' && !a.internal);
  return `http://${address?.address ?? '127.0.0.1'}:9999`;
}

async function lookup(apiUrl, addresses) {
  const query = new URLSearchParams({ addresses: addresses.join(',') });
  for (let attempt = 1; attempt <= 300; attempt += 1) {
    try {
      const response = await fetch(`${apiUrl}/v1/lookup?${query.toString()}`, {
        headers: { 'X-OpenStack-Ironic-API-Version': '1.62' },
      });
      if (response.ok) return await response.json();
      say(`lookup status=${response.status} attempt=${attempt}`);
    } catch (error) {
      say(`lookup error=${error instanceof Error ? error.message : String(error)} attempt=${attempt}`);
    }
    await sleep(1000);
  }
  throw new Error('lookup failed 300 times');
}

async function main() {
  say(`started node=${process.version} placeholder=1`);
  const args = kernelArgs();
  const apiUrl = args.get('ipa-api-url')?.replace(/\/+$/, '');
  if (apiUrl === undefined) {
    say('no ipa-api-url on the kernel command line; idle');
    for (;;) await sleep(3_600_000);
  }
  const addresses = macs(args);
  const found = await lookup(apiUrl, addresses);
  const uuid = found.node.uuid;
  const token = found.config.agent_token;
  say(`lookup ok node=${uuid}`);
  const body = JSON.stringify({
    callback_url: callbackUrl(addresses[0]),
    agent_version: 'ferro-placeholder',
    agent_token: token,
  });
  const interval = Math.max(5, Number(found.config.heartbeat_timeout ?? 300) / 2) * 1000;
  for (let beat = 1; ; beat += 1) {
    try {
      const response = await fetch(`${apiUrl}/v1/heartbeat/${uuid}`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-OpenStack-Ironic-API-Version': '1.68' },
        body,
      });
      say(`heartbeat status=${response.status} beat=${beat}`);
    } catch (error) {
      say(`heartbeat error=${error instanceof Error ? error.message : String(error)} beat=${beat}`);
    }
    await sleep(interval);
  }
}

main().catch((error) => {
  say(`failed ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
