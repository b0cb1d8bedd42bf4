import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export const LOOPBACK = '127.0.0.1';

/**
 * One HTTP server per address a task's containers reach the harness at (127.0.0.1 for processes,
 * the Docker network's gateway for containers), all with the same handler, each on a free port.
 * Binding each address alone, never 0.0.0.0, keeps the endpoint off every other network.
 */
export class HostListeners {
  private readonly servers = new Map<string, { server: http.Server; baseUrl: string }>();

  constructor(private readonly handler: http.RequestListener, private readonly what: string) {}

  /** Listens on `host` (once); returns `http://<host>:<port>`. */
  async listen(host: string = LOOPBACK): Promise<string> {
    const known = this.servers.get(host);
    if (known) return known.baseUrl;
    const server = http.createServer(this.handler);
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', (error: NodeJS.ErrnoException) =>
        reject(new Error(`${this.what} could not listen on ${host}: ${error.message}. ` +
          (error.code === 'EADDRNOTAVAIL' ? `No network interface of this machine has the address ${host}; for the Docker runtime it is the gateway of the dojo's Docker network, which the runtime creates first.` : ''))),
      );
      server.listen(0, host, () => resolve());
    });
    const entry = { server, baseUrl: `http://${host}:${(server.address() as AddressInfo).port}` };
    this.servers.set(host, entry);
    return entry.baseUrl;
  }

  baseUrl(host: string = LOOPBACK): string | undefined {
    return this.servers.get(host)?.baseUrl;
  }

  address(host: string = LOOPBACK): AddressInfo | undefined {
    return this.servers.get(host)?.server.address() as AddressInfo | undefined;
  }

  async close(): Promise<void> {
    const servers = [...this.servers.values()].map((entry) => entry.server);
    this.servers.clear();
    await Promise.all(servers.map((server) => {
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    }));
  }
}

export function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
