import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import * as readline from 'node:readline';
import type { Backend } from '../backend';
import { freezeEcsTaskState } from './moto-api';
import { ensureMotoVenv } from './venv';

const LAUNCHER = path.join(__dirname, 'launch.py');
const START_TIMEOUT_MS = 60_000;

/** Where moto listens: 127.0.0.1 and a free port for a test run; a room's shared moto names both. */
export interface MotoListen {
  host: string;
  /** 0: a free port the OS picks. */
  port: number;
}

/** A host as it is written in a URL: an IPv6 address in brackets. */
export function hostInUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

/** moto server as a child process from the project's own venv, on 127.0.0.1 and a free port unless told otherwise. */
export class MotoBackend implements Backend {
  readonly name = 'moto';
  private child?: ChildProcess;
  private url?: string;

  constructor(
    private readonly log: (line: string) => void,
    private readonly listen: MotoListen = { host: '127.0.0.1', port: 0 },
  ) {}

  async start(): Promise<void> {
    const python = await ensureMotoVenv(this.log);
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      MOTO_IAM_LOAD_MANAGED_POLICIES: 'true',
      // moto copies ~3 MiB of public AMIs into every account and region it meets; no kata
      // launches an EC2 instance, and every kata run has an account of its own.
      MOTO_EC2_LOAD_DEFAULT_AMIS: 'false',
    };
    delete env.MOTO_ACCOUNT_ID; // would put every account into one
    const args = [LAUNCHER, '--host', this.listen.host, '--port', String(this.listen.port)];
    const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    this.child = child;
    const stderrTail: string[] = [];
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
      stderrTail.push(chunk);
      if (stderrTail.length > 20) stderrTail.shift();
    });

    const port = await new Promise<number>((resolve, reject) => {
      const fail = (why: string) =>
        reject(new Error(`moto server did not start: ${why}.\n${stderrTail.join('').slice(-2000)}`));
      const timer = setTimeout(() => fail(`no answer within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
      child.on('exit', (code, signal) => fail(`it exited with ${signal ?? `code ${code}`}`));
      child.on('error', (error) => fail(error.message));
      readline.createInterface({ input: child.stdout! }).once('line', (line) => {
        clearTimeout(timer);
        try {
          resolve(JSON.parse(line).port);
        } catch {
          fail(`unexpected first line ${JSON.stringify(line)}`);
        }
      });
    });
    child.removeAllListeners('exit');
    // A server bound to every address answers on loopback too.
    const host = this.listen.host === '0.0.0.0' ? '127.0.0.1' : this.listen.host === '::' ? '::1' : this.listen.host;
    this.url = `http://${hostInUrl(host)}:${port}`;
    await freezeEcsTaskState(this.url);
  }

  endpoint(): string {
    if (!this.url) throw new Error('moto backend used before start()');
    return this.url;
  }

  accountHeaders(accountId: string): Record<string, string> {
    return { 'x-moto-account-id': accountId };
  }

  async processIds(): Promise<number[]> {
    return this.child?.pid === undefined ? [] : [this.child.pid];
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  stopNow(): void {
    const child = this.child;
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}
