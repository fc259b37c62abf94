/** The conductor's side of the agent protocol (config section `agent`), as the workers need it. */
export interface AgentSettings {
  /** Sent to the agent as config.heartbeat_timeout ([api]ramdisk_heartbeat_timeout, 300 s). */
  heartbeatTimeoutS: number;
  /** Refuse heartbeats whose callback_url is not https ([agent]require_tls). */
  requireTls: boolean;
  /** When to keep the ramdisk logs that come with inspection data ([agent]deploy_logs_collect). */
  logsCollect: 'always' | 'on_failure' | 'never';
  /** Larger logs (decoded) are dropped with a warning. */
  logsMaxBytes: number;
  /** Enroll machines that post inspection data and match no node ([auto_discovery]). */
  discovery: {
    enabled: boolean;
    /** Driver of discovered nodes; `ipmi` is used instead when the inventory has a BMC address and this is manual-management. */
    driver: string;
  };
}

/** Ironic's defaults, except TLS which Ferro's agent always speaks. */
export const DEFAULT_AGENT_SETTINGS: AgentSettings = {
  heartbeatTimeoutS: 300, requireTls: true, logsCollect: 'on_failure', logsMaxBytes: 52_428_800, discovery: { enabled: false, driver: 'manual-management' },
};
