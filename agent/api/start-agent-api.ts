import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/** Where and how the command API listens. */
export interface AgentApiListenOptions {
  host: string;
  /** 0 picks a free port (tests). */
  port: number;
  /** PEM certificate and key: https when given, plain http otherwise. */
  tls: { certPem: string; keyPem: string } | undefined;
  handler: (req: IncomingMessage, res: ServerResponse) => void;
}

/** A listening command API. */
export interface RunningAgentApi {
  readonly port: number;
  close(): Promise<void>;
}

/**
 * Starts the command API. Request and header timeouts bound slow clients; `wait=true` requests stay open as
 * long as their command runs, so there is no overall response timeout.
 */
export async function startAgentApi(options: AgentApiListenOptions): Promise<RunningAgentApi> {
  const server: Server =
    options.tls === undefined
      ? createHttpServer(options.handler)
      : createHttpsServer({ cert: options.tls.certPem, key: options.tls.keyPem }, options.handler);
  server.headersTimeout = 30_000;
  server.requestTimeout = 0;
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port, ipv6Only: false }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          resolve();
        });
      }),
  };
}
