import { readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { DescribeTasksCommand } from '@aws-sdk/client-ecs';
import { ProcessContainerRuntime } from '../../harness/ecs-agent/process-container-runtime';
import { articleSetup, destroyExerciseClients, ownCloud, registerAndRun } from './article-exercise';

jest.setTimeout(120_000);
afterAll(() => destroyExerciseClients());

/** The local addresses of the TCP sockets this process listens on (Linux: /proc/self/fd and /proc/net/tcp{,6}). */
function listeningAddresses(): string[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      const target = readlinkSync(`/proc/self/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(match[1]);
    } catch {
      // The fd closed while we looked.
    }
  }
  const addresses: string[] = [];
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const fields = line.trim().split(/\s+/);
      if (fields.length < 10 || fields[3] !== '0A' || !inodes.has(fields[9])) continue; // 0A: LISTEN
      addresses.push(decodeAddress(fields[1]));
    }
  }
  return addresses;
}

/** /proc/net/tcp's hex `address:port`, IPv4 in host byte order (little endian here). */
function decodeAddress(hex: string): string {
  const [address, port] = hex.split(':');
  if (address.length !== 8) return `[${address}]:${parseInt(port, 16)}`;
  const bytes = address.match(/../g)!.map((byte) => parseInt(byte, 16)).reverse();
  return `${bytes.join('.')}:${parseInt(port, 16)}`;
}

const describeOnLinux = process.platform === 'linux' ? describe : describe.skip;

describeOnLinux('the process runtime listens on loopback only', () => {
  test('while a task runs with its gateway port, credentials and metadata endpoints and internet fixture, every listening socket is on 127.0.0.1', async () => {
    const own = await ownCloud({ runtime: new ProcessContainerRuntime() });
    try {
      const exercise = await articleSetup(own.gatewayUrl);
      const { tasks } = await registerAndRun(exercise, { executionRoleArn: exercise.executionRoleArn }, {
        containerOverrides: [{ name: 'my-container', command: ['node', '-e', 'setInterval(() => {}, 1000)'] }],
      });
      const taskArn = tasks![0].taskArn!;
      for (let i = 0; i < 100; i += 1) {
        const { tasks: described } = await exercise.root.ecs.send(new DescribeTasksCommand({ cluster: 'my-cluster', tasks: [taskArn] }));
        if (described![0].lastStatus === 'RUNNING') break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const listening = listeningAddresses();
      // The gateway, credentials and metadata endpoints, the task's gateway port and its fixture at least.
      expect(listening.length).toBeGreaterThanOrEqual(5);
      expect(listening.filter((address) => !address.startsWith('127.0.0.1:'))).toEqual([]);
      expect(listening).toContain(new URL(own.gatewayUrl).host);
    } finally {
      await own.stop();
    }
  });
});
