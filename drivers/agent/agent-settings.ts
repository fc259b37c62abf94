import type { Clock, NodeRef } from '../../core/index.js';
import type { AgentClient } from './agent-client.js';

/** When ramdisk logs are collected ([agent]deploy_logs_collect). */
export type LogsCollect = 'always' | 'on_failure' | 'never';

/** The agent interfaces' slice of the conductor configuration (section `agent`). */
export interface AgentDriverSettings {
  /** Priority of IPA's full erase in automated cleaning ([deploy]erase_devices_priority); Ferro default 0. */
  eraseDevicesPriority: number;
  /** Priority of the metadata erase ([deploy]erase_devices_metadata_priority); default 99. */
  eraseDevicesMetadataPriority: number;
  logsCollect: LogsCollect;
  /** Logs larger than this (decoded) are dropped with a warning. */
  logsMaxBytes: number;
  /** After asking the agent to power off, how long to let it shut down before the BMC powers off. */
  powerOffGraceMs: number;
  /** IPA stream_raw_images: write raw images straight to disk. */
  streamRawImages: boolean;
}

/** Where collected ramdisk logs go (the conductor stores them; see conductor/workers/agent-log-store.ts). */
export interface AgentLogSink {
  /** Keeps one gzipped tarball of the ramdisk's logs, labelled with the phase (deploy, clean …). */
  store(node: Pick<NodeRef, 'uuid'>, label: string, tarGz: Buffer): Promise<void>;
}

/** Everything the agent interfaces share. */
export interface AgentDriverDeps {
  client: AgentClient;
  clock: Clock;
  settings: AgentDriverSettings;
  logs?: AgentLogSink | undefined;
}
