import type { LookupResponse } from '../../../core/index.js';
import type { NodeWithToken } from '../../workers/index.js';
import { maskDriverInternalInfo, maskInstanceInfo } from '../mask-secrets.js';
import { selfLinks } from '../request-context.js';

/**
 * The body of lookup and continue_inspection (ramdisk.py convert_with_links + config): the node's uuid,
 * properties, instance_info and driver_internal_info with secrets masked, and the agent's configuration with
 * the token (clear only on the first call of a session). Keys Ironic sends for its own agent features keep
 * their neutral values, so IPA reads the answer unchanged.
 */
export function lookupBody(found: NodeWithToken, heartbeatTimeoutS: number, baseUrl: string): LookupResponse {
  const { node, token } = found;
  return {
    node: {
      uuid: node.uuid,
      properties: node.properties,
      instance_info: maskInstanceInfo(node.instance_info),
      driver_internal_info: maskDriverInternalInfo(node.driver_internal_info),
      links: selfLinks(baseUrl, `nodes/${node.uuid}`),
    },
    config: {
      metrics: { backend: 'noop', prepend_host: false, prepend_uuid: false, prepend_host_reverse: true, global_prefix: null },
      metrics_statsd: { statsd_host: 'localhost', statsd_port: 8125 },
      heartbeat_timeout: heartbeatTimeoutS,
      agent_token: token,
      agent_token_required: true,
      agent_md5_checksum_enable: false,
      disable_deep_image_inspection: false,
      permitted_image_formats: ['raw', 'qcow2', 'iso'],
      agent_skip_bmc_detect: node.management_interface === 'redfish',
      enable_bios_bootloader_install: false,
    },
  };
}
