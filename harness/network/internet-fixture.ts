import type { ServerResponse } from 'node:http';
import * as https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import type { FixtureCa, IssuedCertificate } from './fixture-ca';
import { INTERNET_HOSTS, type InternetHost } from './internet-hosts';

/** A task's own fixture listener: where its connections to allowed internet hosts go. */
export interface FixtureListener {
  host: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The internet hosts a task may reach (internet-hosts.ts), served over HTTPS by the harness with
 * a server certificate of its CA for their real names. Each task gets its own listener, which
 * answers only a client presenting that task's certificate (CN = task id): the port alone is no
 * way in for another task, or for anything else on the machine.
 */
export class InternetFixture {
  private serverCertificate: Promise<IssuedCertificate> | undefined;
  private readonly listeners = new Set<FixtureListener>();

  constructor(private readonly ca: FixtureCa, private readonly hosts: readonly InternetHost[] = INTERNET_HOSTS) {}

  /** The CA's certificate and a client certificate for the task: the `tls` of the task's network. */
  async taskTls(taskId: string): Promise<{ ca: string; cert: string; key: string }> {
    const client = await this.ca.issueClientCertificate(taskId);
    return { ca: this.ca.certificatePem, cert: client.certificatePem, key: client.privateKeyPem };
  }

  /** Listens on `host` (127.0.0.1 for processes, the Docker network's gateway for containers), on a free port, for this task only. */
  async openForTask(taskId: string, host: string): Promise<FixtureListener> {
    this.serverCertificate ??= this.ca.issueServerCertificate(this.hosts.map((known) => known.name));
    const { certificatePem, privateKeyPem } = await this.serverCertificate;
    const server = https.createServer(
      { cert: certificatePem, key: privateKeyPem, ca: [this.ca.certificatePem], requestCert: true, rejectUnauthorized: true },
      (request, response) => answer(this.hosts, request.headers.host, request.method, request.url, response),
    );
    server.keepAliveTimeout = 5000;
    // Runs right after the handshake, before any request is read: a certificate of this CA for
    // another task is refused as firmly as none.
    server.on('secureConnection', (socket: TLSSocket) => {
      if (socket.getPeerCertificate().subject?.CN !== taskId) socket.destroy();
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(`The internet fixture for task ${taskId} could not listen on ${host}: ${error.message}. ` +
          (error.code === 'EADDRNOTAVAIL' ? `No network interface of this machine has the address ${host}; for the Docker runtime it is the gateway of the dojo's Docker network, which the runtime creates first.` : ''))),
      );
      server.listen(0, host, () => resolve());
    });
    const listener: FixtureListener = {
      host,
      port: (server.address() as AddressInfo).port,
      close: async () => {
        this.listeners.delete(listener);
        server.closeAllConnections();
        await new Promise<void>((resolve) => server.close(() => resolve()));
      },
    };
    this.listeners.add(listener);
    return listener;
  }

  /** Closes every listener still open. */
  async close(): Promise<void> {
    await Promise.all([...this.listeners].map((listener) => listener.close()));
  }
}

function answer(hosts: readonly InternetHost[], hostHeader: string | undefined, method: string | undefined, url: string | undefined, response: ServerResponse): void {
  const name = (hostHeader ?? '').replace(/:\d+$/, '').toLowerCase();
  const site = hosts.find((known) => known.name === name);
  if (!site) {
    send(response, 421, { message: `This fixture serves ${hosts.map((known) => known.name).join(', ')}; the request was for "${name}".` });
    return;
  }
  const path = new URL(url ?? '/', `https://${site.name}`).pathname;
  const found = (method === 'GET' || method === 'HEAD') && Object.prototype.hasOwnProperty.call(site.resources, path);
  send(response, found ? 200 : 404, found ? site.resources[path] : site.notFound, method === 'HEAD');
}

/** JSON as jsonplaceholder sends it: two-space indented, UTF-8. */
function send(response: ServerResponse, status: number, value: unknown, headOnly = false): void {
  const body = JSON.stringify(value, null, 2);
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  response.end(headOnly ? undefined : body);
}
