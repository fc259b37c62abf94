/** The agent's version, reported as agent_version in heartbeats and by GET /v1/status (keep in step with package.json). */
export const AGENT_VERSION = '0.1.0';
