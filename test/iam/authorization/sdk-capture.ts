import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AwsErrorResponse } from '../../../harness/gateway/aws-error';
import { identifyOperation } from '../../../harness/gateway/operation';
import { createClients, type KataClients } from '../../../harness/runner/clients';
import type { AuthorizedRequest } from '../../../harness/iam/authorization/required-permissions';

export const REGION = 'ap-northeast-1';
export const ACCOUNT = '123456789012';

export type Clients = KataClients;

interface Captured {
  method: string;
  url: URL;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A loopback server the real SDK v3 clients talk to. It records each request exactly as the SDK
 * sent it and answers with whatever `answer` returns (by default an error, so the call ends at once).
 */
export class SdkCapture {
  readonly captured: Captured[] = [];
  answer: (request: Captured) => AwsErrorResponse = () => ({
    status: 400,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: '{"__type":"ValidationException","message":"captured by the test server"}',
  });
  private server?: http.Server;
  private clientSet?: Clients;

  async start(): Promise<void> {
    const server = http.createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const captured = {
          method: request.method ?? 'GET',
          url: new URL(request.url ?? '/', 'http://gateway.local'),
          headers: request.headers,
          body: Buffer.concat(chunks),
        };
        this.captured.push(captured);
        const answer = this.answer(captured);
        response.writeHead(answer.status, { ...answer.headers, 'content-length': Buffer.byteLength(answer.body) });
        response.end(answer.body);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
    this.server = server;
    const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    // The harness's own client set: the same SDK configuration katas get (path-style S3 included).
    this.clientSet = createClients({ endpoint, region: REGION, credentials: { accessKeyId: 'AKIADOJOTESTUSER0001', secretAccessKey: 'test' } });
  }

  get clients(): Clients {
    if (!this.clientSet) throw new Error('SdkCapture.start() first');
    return this.clientSet;
  }

  async stop(): Promise<void> {
    for (const client of Object.values(this.clientSet ?? {})) (client as { destroy(): void }).destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Runs one SDK call (its failure is expected) and returns the request it sent, as the gateway would see it. */
  async capture(call: (clients: Clients) => Promise<unknown>): Promise<AuthorizedRequest> {
    this.captured.length = 0;
    await call(this.clients).catch(() => undefined);
    if (this.captured.length !== 1) throw new Error(`expected the SDK to send one request, it sent ${this.captured.length}`);
    return toAuthorizedRequest(this.captured[0]);
  }
}

/** What the gateway knows of a request: the operation from the wire, the region from the SigV4 scope. */
export function toAuthorizedRequest(captured: Captured, extra: Partial<AuthorizedRequest> = {}): AuthorizedRequest {
  const scope = String(captured.headers.authorization ?? '').match(/Credential=[^/]+\/\d{8}\/([^/]+)\/([^/]+)\/aws4_request/);
  const region = scope?.[1] ?? REGION;
  const operation = identifyOperation(captured.method, captured.url, captured.headers, captured.body, scope?.[2]);
  return { operation, method: captured.method, url: captured.url, headers: captured.headers, body: captured.body, accountId: ACCOUNT, region, ...extra };
}
