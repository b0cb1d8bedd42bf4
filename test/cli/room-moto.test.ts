import { spawn, type ChildProcess } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';
import { closedPort } from '../closed-port';
import { ROOT } from '../run-dojo';
import { runKatasWithReport } from '../katas/jest-report';

jest.setTimeout(120_000);

interface RoomMoto {
  child: ChildProcess;
  output: () => string;
  exited: Promise<number | null>;
}

/** `npm run room-moto -- …` as a facilitator types it, in a process group of its own as in a terminal. */
function startRoomMoto(args: string[]): RoomMoto {
  const child = spawn('npm', ['run', '--silent', 'room-moto', '--', ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let output = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // 'close': once every process holding its output (npm, ts-node, moto) has ended.
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(roomMoto: RoomMoto, text: string): Promise<void> {
  const deadline = Date.now() + 90_000;
  while (!roomMoto.output().includes(text)) {
    if (roomMoto.child.exitCode !== null || Date.now() > deadline) throw new Error(`room-moto never printed "${text}":\n${roomMoto.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function listening(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

describe('npm run room-moto', () => {
  test('a kata passes against it as KATA_ENDPOINT; Ctrl-C stops it and frees the port', async () => {
    const port = await closedPort();
    const roomMoto = startRoomMoto(['--port', String(port), '--host', '127.0.0.1']);
    try {
      await waitFor(roomMoto, 'Ctrl-C stops it.');
      expect(roomMoto.output()).toContain(
        `moto for the room is listening on 127.0.0.1:${port}. Every kata run still gets an account of its own.\n` +
          `On each laptop:\n  KATA_BACKEND=endpoint KATA_ENDPOINT=http://127.0.0.1:${port} npm test katas\n`,
      );
      const env = { KATA_BACKEND: 'endpoint', KATA_ENDPOINT: `http://127.0.0.1:${port}`, KATA_SOLUTIONS_DIR: path.join(ROOT, 'solutions') };
      const { run, results } = await runKatasWithReport(env, ['06-policy-document']);
      expect(run.output).toContain(`local AWS ready: endpoint at http://127.0.0.1:${port}`);
      expect(results.length).toBeGreaterThan(0);
      expect(results.filter((result) => result.status !== 'passed').map((result) => result.title)).toEqual([]);
    } finally {
      process.kill(-roomMoto.child.pid!, 'SIGINT'); // Ctrl-C signals the terminal's whole foreground group
    }
    await roomMoto.exited; // npm itself ends by the signal, as after Ctrl-C in a terminal
    expect(roomMoto.output()).toContain('moto for the room stopped.');
    expect(await listening(port)).toBe(false);
  });

  test('a port already in use: exit 1, with werkzeug\'s reason and what to change', async () => {
    const busy = net.createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => busy.once('listening', resolve));
    const { port } = busy.address() as net.AddressInfo;
    try {
      const roomMoto = startRoomMoto(['--port', String(port), '--host', '127.0.0.1']);
      expect(await roomMoto.exited).toBe(1);
      expect(roomMoto.output()).toContain('moto server did not start: it exited with code 1.');
      expect(roomMoto.output()).toContain('Address already in use');
      expect(roomMoto.output()).toContain(
        `It was to listen on 127.0.0.1:${port}: --host must be an address of this machine (0.0.0.0 for all of them), and --port one that nothing else uses.`,
      );
    } finally {
      busy.close();
    }
  });

  test.each([
    [['--port', 'http'], '--port http is not a TCP port (1 to 65535).'],
    [['--port', '70000'], '--port 70000 is not a TCP port (1 to 65535).'],
    [['--lang', 'fr'], '--lang fr: the languages are en and ja.'],
    [['--prot', '5000'], "Unknown option '--prot'"],
  ])('%j: exit 2, naming the value', async (args, message) => {
    const roomMoto = startRoomMoto(args);
    expect(await roomMoto.exited).toBe(2);
    expect(roomMoto.output()).toContain(`${message}\nUsage: npm run room-moto -- [--port <port>] [--host <address>] [--lang en|ja]\n`);
  });
});
