import { createServer, type Server, type Socket } from 'node:net';

/** A stand-in for QEMU's QMP socket: records commands, keeps `bootindex` values, emits RESET, and "exits" on quit. */
export interface FakeQmp {
  readonly commands: string[];
  readonly bootindex: Map<string, number>;
  /** The `bootindex` values as of the last reset: QEMU rebuilds the firmware's `bootorder` at every reset. */
  readonly firmwareBootindex: Map<string, number>;
  stop(): Promise<void>;
}

/** How the fake behaves beyond answering. */
export interface FakeQmpOptions {
  /** Guest resets after each `system_reset`, at these delays (SeaBIOS resets again ~50 ms after a QMP reset). */
  readonly firmwareResetsAfterMs?: readonly number[];
}

/** Listens on `socketPath` like `qemu -qmp unix:PATH,server=on,wait=off`. */
export async function startFakeQmp(socketPath: string, options: FakeQmpOptions = {}): Promise<FakeQmp> {
  const commands: string[] = [];
  const bootindex = new Map([
    ['/machine/peripheral/nic0', 2],
    ['/machine/peripheral/disk0', 1],
  ]);
  const firmwareBootindex = new Map(bootindex);
  const resetMachine = (socket: Socket, guest: boolean): void => {
    firmwareBootindex.clear();
    for (const [path, value] of bootindex) firmwareBootindex.set(path, value);
    if (!socket.destroyed) socket.write(`${JSON.stringify({ event: 'RESET', data: { guest } })}\n`);
  };
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.write(
      `${JSON.stringify({ QMP: { version: { qemu: { major: 7, minor: 2, micro: 0 } }, capabilities: [] } })}\n`,
    );
    let buffered = '';
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      for (let newline = buffered.indexOf('\n'); newline >= 0; newline = buffered.indexOf('\n')) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        answer(socket, JSON.parse(line) as { execute: string; arguments?: { path?: string; value?: number } });
      }
    });
  });
  const answer = (
    socket: Socket,
    command: { execute: string; arguments?: { path?: string; value?: number } },
  ): void => {
    const reply = (value: unknown): void => void socket.write(`${JSON.stringify({ return: value })}\n`);
    if (command.execute !== 'qmp_capabilities')
      commands.push(
        command.execute === 'qom-set'
          ? `qom-set ${command.arguments?.path ?? ''}=${command.arguments?.value ?? ''}`
          : command.execute,
      );
    switch (command.execute) {
      case 'query-status':
        return reply({ status: 'running', running: true });
      case 'qom-get':
        return reply(bootindex.get(command.arguments?.path ?? '') ?? null);
      case 'qom-set':
        bootindex.set(command.arguments?.path ?? '', command.arguments?.value ?? -1);
        return reply({});
      case 'system_reset':
        reply({});
        resetMachine(socket, false);
        for (const delayMs of options.firmwareResetsAfterMs ?? [])
          setTimeout(() => resetMachine(socket, true), delayMs);
        return undefined;
      case 'quit':
        reply({});
        void stop();
        return undefined;
      default:
        return reply({});
    }
  };
  const stop = async (): Promise<void> => {
    for (const socket of sockets) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  return { commands, bootindex, firmwareBootindex, stop };
}
