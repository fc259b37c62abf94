// A private OpenIPMI `ipmi_sim` for integration tests: its own temp dir, lan.conf, emu file and a chassis
// control script that keeps power and boot state in files (after ../shared/peers/ironic/ipmi_sim_start.sh),
// on a free UDP port of 127.0.0.1 so it never meets other helpers' simulators on 9001+.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A running simulator and what the tests need to know about it. */
export interface IpmiSim {
  host: string;
  port: number;
  username: string;
  password: string;
  dir: string;
  pid: number;
  /** '1' or '0' as the chassis control script keeps it. */
  power(): Promise<string>;
  /** none | pxe | default | cdrom | bios, as ipmi_sim passed it to the script. */
  boot(): Promise<string>;
  /** Every chassis control call, one per line. */
  events(): Promise<string>;
  /** Runs `ipmitool -I lanplus -C 3` against this simulator (password on stdin, never on the command line). */
  ipmitool(...args: string[]): Promise<string>;
  /** Stops the simulator (by PID) and removes its directory unless `keepDir`. */
  stop(options?: { keepDir?: boolean }): Promise<void>;
}

/** Why the integration suite cannot run here, or undefined when ipmi_sim and ipmitool are installed. */
export async function ipmiSimUnavailable(): Promise<string | undefined> {
  for (const tool of ['ipmi_sim', 'ipmitool']) {
    const found = await run('sh', ['-c', `command -v ${tool}`]).then(
      () => true,
      () => false,
    );
    if (!found) return `${tool} is not installed (Debian packages openipmi and ipmitool)`;
  }
  return undefined;
}

/** The chassis control program ipmi_sim runs: `script DIR get power boot` / `script DIR set power 1 ...`. */
const CHASSIS_CONTROL = `#!/bin/sh
dir="$1"; op="$2"; shift 2
echo "$op $*" >> "$dir/events.log"
case "$op" in
  get) for p in "$@"; do
         case "$p" in
           power) echo "power:$(cat "$dir/power")" ;;
           boot) echo "boot:$(cat "$dir/boot")" ;;
           *) echo "Invalid parameter: $p"; exit 1 ;;
         esac
       done ;;
  set) while [ -n "$1" ]; do
         p="$1"; v="$2"; shift 2
         case "$p" in
           power) echo "$v" > "$dir/power" ;;
           reset) echo 1 > "$dir/power" ;;
           shutdown) echo 0 > "$dir/power" ;;   # soft shutdown: the "OS" obeys at once
           boot) echo "$v" > "$dir/boot" ;;
           identify) [ -n "$1" ] && shift ;;
           *) echo "Invalid parameter: $p"; exit 1 ;;
         esac
       done ;;
  *) exit 1 ;;
esac
exit 0
`;

function lanConf(dir: string, port: number, username: string, password: string): string {
  return `name "ferro-test"
set_working_mc 0x20
  startlan 1
    addr 127.0.0.1 ${port}
    priv_limit admin
    allowed_auths_callback none md2 md5 straight
    allowed_auths_user none md2 md5 straight
    allowed_auths_operator none md2 md5 straight
    allowed_auths_admin none md2 md5 straight
    guid ${port.toString(16).padStart(32, '0')}
  endlan
  chassis_control "${join(dir, 'chassis-control.sh')} ${dir}"
  user 1 true  ""            "test"        user  10 none md2 md5 straight
  user 2 true  "${username}" "${password}" admin 10 none md2 md5 straight
  user 3 true  "operator"    "oppass"      operator 10 none md2 md5 straight
`;
}

const EMU = `mc_setbmc 0x20
mc_add 0x20 0 no-device-sdrs 0x23 9 8 0x9f 0x1291 0xf02 persist_sdr
sel_enable 0x20 50 0x0a
mc_enable 0x20
`;

/** A UDP port of 127.0.0.1 that was free a moment ago. */
export async function freeUdpPort(): Promise<number> {
  const socket = createSocket('udp4');
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  const { port } = socket.address();
  await new Promise<void>((resolve) => socket.close(resolve));
  return port;
}

/** Starts a simulator and waits (at most ~10 s) until ipmitool gets an answer from it. */
export async function startIpmiSim(options: { username?: string; password?: string } = {}): Promise<IpmiSim> {
  const username = options.username ?? 'admin';
  const password = options.password ?? 'password';
  const dir = await mkdtemp(join(tmpdir(), 'ferro-ipmi-sim-'));
  await mkdir(join(dir, 'persist'));
  await writeFile(join(dir, 'power'), '0\n');
  await writeFile(join(dir, 'boot'), 'default\n');
  await writeFile(join(dir, 'chassis-control.sh'), CHASSIS_CONTROL);
  await chmod(join(dir, 'chassis-control.sh'), 0o755);
  await writeFile(join(dir, 'sim.emu'), EMU);
  for (let attempt = 1; attempt <= 3; attempt += 1) {
    const port = await freeUdpPort();
    await writeFile(join(dir, 'lan.conf'), lanConf(dir, port, username, password));
    const child = spawn(
      'ipmi_sim',
      ['-n', '-p', '-c', join(dir, 'lan.conf'), '-f', join(dir, 'sim.emu'), '-s', join(dir, 'persist')],
      { stdio: 'ignore' },
    );
    const sim = simulator(child, dir, port, username, password);
    if (await answers(sim)) return sim;
    await sim.stop({ keepDir: true }); // try another port in the same directory
  }
  await rm(dir, { recursive: true, force: true });
  throw new Error('ipmi_sim did not answer on 127.0.0.1 after 3 starts');
}

function simulator(child: ChildProcess, dir: string, port: number, username: string, password: string): IpmiSim {
  const pid = child.pid ?? -1;
  let exited = false;
  child.once('exit', () => (exited = true));
  const state = async (name: string): Promise<string> => (await readFile(join(dir, name), 'utf8')).trim();
  return {
    host: '127.0.0.1',
    port,
    username,
    password,
    dir,
    pid,
    power: () => state('power'),
    boot: () => state('boot'),
    events: () => readFile(join(dir, 'events.log'), 'utf8').catch(() => ''),
    ipmitool: (...args) => ipmitool(port, username, password, args),
    stop: async (options = {}) => {
      if (!exited && pid > 0) {
        process.kill(pid, 'SIGTERM'); // only the process we started, by PID
        for (let i = 0; i < 50 && !exited; i += 1) await new Promise((resolve) => setTimeout(resolve, 20));
        if (!exited) process.kill(pid, 'SIGKILL');
      }
      if (options.keepDir !== true) await rm(dir, { recursive: true, force: true });
    },
  };
}

async function answers(sim: IpmiSim): Promise<boolean> {
  for (let i = 0; i < 50; i += 1) {
    const ok = await sim.ipmitool('-N', '1', '-R', '1', 'power', 'status').then(
      () => true,
      () => false,
    );
    if (ok) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** ipmitool against 127.0.0.1:port, password through `-f /dev/stdin` so it is not in the process list. */
export async function ipmitool(port: number, username: string, password: string, args: string[]): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const child = execFile(
      'ipmitool',
      ['-I', 'lanplus', '-C', '3', '-H', '127.0.0.1', '-p', String(port), '-U', username, '-f', '/dev/stdin', ...args],
      { timeout: 20_000 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`ipmitool ${args.join(' ')}: ${stderr || error.message}`)) : resolve(stdout),
    );
    child.stdin?.end(`${password}\n`);
  });
}
