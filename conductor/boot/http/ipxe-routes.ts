import { randomUUID } from 'node:crypto';
import { InvalidParameterValue, parseMacAddress, type Logger } from '../../../core/index.js';
import type { BootDataReader } from '../boot-data-reader.js';
import { ipxeText } from '../ipxe-safe-text.js';
import { renderDiscoveryScript, renderEntryScript, renderNodeScript, type IpxeScriptSettings, type ScriptContext } from '../ipxe-script.js';

/** A rendered answer: status and body; scripts are text/plain and never cached (they follow the node's state). */
export interface ScriptAnswer {
  status: number;
  body: string;
}

/** Dependencies of the script routes. */
export interface ScriptRouteDeps {
  reader: BootDataReader;
  settings: IpxeScriptSettings;
  log: Logger;
}

function plain(status: number, text: string): ScriptAnswer {
  return { status, body: `${text}\n` };
}

/** `GET /boot.ipxe`: the entry script listing every boot server. */
export async function entryScript(deps: ScriptRouteDeps): Promise<ScriptAnswer> {
  return { status: 200, body: renderEntryScript(await deps.reader.bootServers(), deps.settings.downloadTimeoutMs) };
}

async function context(deps: ScriptRouteDeps, mac: string): Promise<ScriptContext> {
  const [bootServers, apiUrls] = await Promise.all([deps.reader.bootServers(), deps.reader.apiUrls()]);
  return { mac, bootServers, apiUrls, settings: deps.settings, requestId: `req-${randomUUID()}` };
}

/**
 * A script that shows why a node cannot boot from the network and hands back to the firmware. It exits 0 on
 * purpose: a failing chain would make boot.ipxe try the next server (same answer) and then discovery.
 */
function refusal(reason: string): ScriptAnswer {
  return { status: 200, body: ['#!ipxe', `echo Ferro: ${ipxeText(reason)}`, 'echo Ferro: see the conductor log', 'exit 0', ''].join('\n') };
}

/**
 * `GET /ipxe/<mac>`: the node's script, rendered from the database on every request, so any boot server
 * answers for any node in any state. 404 for a MAC no PXE-enabled port has (boot.ipxe then tries the next NIC).
 */
export async function nodeScript(deps: ScriptRouteDeps, rawMac: string): Promise<ScriptAnswer> {
  const mac = parseMacAddress(rawMac);
  if (mac === undefined) return plain(400, `not a MAC address: ${JSON.stringify(rawMac)}`);
  const node = await deps.reader.nodeForMac(mac);
  if (node === undefined) return plain(404, `no PXE-enabled port has MAC ${mac}`);
  const log = deps.log.child({ node: node.uuid, mac });
  try {
    const body = renderNodeScript(node, await context(deps, mac));
    log.debug({ provisionState: node.provisionState }, 'iPXE script served');
    return { status: 200, body };
  } catch (error) {
    if (!(error instanceof InvalidParameterValue)) throw error;
    log.warn({ err: error.message }, 'iPXE script refused: unsafe or invalid boot data');
    return refusal(`node ${node.uuid} cannot boot from the network: invalid boot data`);
  }
}

/** `GET /ipxe/discovery/<mac>`: the discovery ramdisk for an unknown machine, or back to the firmware. */
export async function discoveryScript(deps: ScriptRouteDeps, rawMac: string): Promise<ScriptAnswer> {
  const mac = parseMacAddress(rawMac);
  if (mac === undefined) return plain(400, `not a MAC address: ${JSON.stringify(rawMac)}`);
  try {
    return { status: 200, body: renderDiscoveryScript(await context(deps, mac)) };
  } catch (error) {
    if (!(error instanceof InvalidParameterValue)) throw error;
    deps.log.warn({ mac, err: error.message }, 'discovery script refused: invalid boot settings');
    return refusal('discovery is misconfigured');
  }
}
