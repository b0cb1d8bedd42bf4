import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Backend } from '../backends/backend';
import { AccountAllocator } from './accounts';
import { awsError, awsErrorCode, unknownAccessKeyError, unsignedRequestError, type AwsErrorResponse } from './aws-error';
import { identifyCaller } from './caller';
import { identifyOperation, type Operation } from './operation';
import { CallTrace } from './trace';

/** Paths under this prefix are the harness's own control API, not AWS calls. */
export const CONTROL_PREFIX = '/_dojo/';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);

/**
 * The one loopback endpoint every kata's SDK call goes through: it learns who is calling from
 * the SigV4 credential, routes the call into that caller's account on the backend, forwards it
 * untouched and records it in the account's trace.
 */
export class Gateway {
  readonly trace = new CallTrace();
  private readonly accounts = new AccountAllocator();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private server?: http.Server;

  constructor(private readonly backend: Backend, private readonly status: () => unknown) {}

  async listen(): Promise<string> {
    const server = http.createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        send(response, awsError('json', 'unknown', 500, 'InternalFailure', `The dojo gateway failed on this request: ${String(error)}`));
      });
    });
    server.keepAliveTimeout = 5000;
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  }

  async close(): Promise<void> {
    this.agent.destroy();
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://gateway.local');
    const body = await readBody(request);
    if (url.pathname.startsWith(CONTROL_PREFIX)) return this.control(request.method ?? 'GET', url, response);

    const identified = identifyCaller(request.headers, url);
    const operation = identifyOperation(request.method ?? 'GET', url, request.headers, body, identified.ok ? identified.caller.service : undefined);
    if (!identified.ok) {
      return send(response, unsignedRequestError(operation.protocol, operation.service, identified.code, identified.detail));
    }
    const caller = identified.caller;
    if (caller.kind !== 'root') {
      return send(
        response,
        unknownAccessKeyError(operation.protocol, operation.service, caller.accessKeyId,
          `dojo: ${caller.accessKeyId} is not an account root key (a 12-digit account id) and no IAM user or role session here owns it`),
      );
    }
    await this.forward(request, response, body, caller.accountId, operation);
  }

  private async forward(request: http.IncomingMessage, response: http.ServerResponse, body: Buffer, accountId: string, operation: Operation): Promise<void> {
    const target = new URL(request.url ?? '/', this.backend.endpoint());
    const headers = { ...request.headers, ...this.backend.accountHeaders(accountId) };
    for (const name of HOP_BY_HOP) delete headers[name];

    await new Promise<void>((resolve) => {
      const upstream = http.request(target, { method: request.method, headers, agent: this.agent }, (answer) => {
        const status = answer.statusCode ?? 502;
        recordWithErrorCode(answer, (errorCode) =>
          this.trace.record(accountId, { service: operation.service, operation: operation.name, status, ...(errorCode && { errorCode }) }),
        );
        const raw: string[] = [];
        for (let i = 0; i < answer.rawHeaders.length; i += 2) {
          if (!HOP_BY_HOP.has(answer.rawHeaders[i].toLowerCase())) raw.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
        }
        response.writeHead(status, answer.statusMessage, raw);
        answer.pipe(response);
        answer.on('end', resolve);
        answer.on('error', () => resolve());
      });
      upstream.on('error', (error) => {
        const failure = awsError(operation.protocol, operation.service, 503, 'ServiceUnavailable',
          `The local AWS backend (${this.backend.name} at ${this.backend.endpoint()}) did not answer: ${error.message}. ` +
            'It may have stopped; run the tests again to restart it.');
        this.trace.record(accountId, { service: operation.service, operation: operation.name, status: failure.status, errorCode: 'ServiceUnavailable' });
        if (!response.headersSent) send(response, failure);
        else response.destroy();
        resolve();
      });
      upstream.end(body);
    });
  }

  private control(method: string, url: URL, response: http.ServerResponse): void {
    const parts = url.pathname.slice(CONTROL_PREFIX.length).split('/').filter(Boolean);
    if (method === 'POST' && parts.length === 1 && parts[0] === 'accounts') {
      return sendJson(response, 201, { accountId: this.accounts.next() });
    }
    if (method === 'GET' && parts.length === 3 && parts[0] === 'accounts' && parts[2] === 'trace') {
      const after = Number(url.searchParams.get('after') ?? '0');
      return sendJson(response, 200, { latestSeq: this.trace.latestSeq(), calls: this.trace.of(parts[1], after) });
    }
    if (method === 'GET' && parts.length === 1 && parts[0] === 'status') {
      return sendJson(response, 200, this.status());
    }
    sendJson(response, 404, { message: `No dojo control route ${method} ${url.pathname}. Routes: POST /_dojo/accounts, GET /_dojo/accounts/<id>/trace?after=<seq>, GET /_dojo/status.` });
  }
}

/** Hands the trace the AWS error code of a failed call once its body has been read. */
function recordWithErrorCode(answer: http.IncomingMessage, record: (errorCode?: string) => void): void {
  if ((answer.statusCode ?? 0) < 400) return record();
  const chunks: Buffer[] = [];
  answer.on('data', (chunk: Buffer) => chunks.push(chunk));
  answer.on('end', () => record(awsErrorCode(answer.headers, Buffer.concat(chunks).toString('utf8'))));
  answer.on('error', () => record());
}

function readBody(request: http.IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks)));
    request.on('error', reject);
  });
}

function send(response: http.ServerResponse, error: AwsErrorResponse): void {
  response.writeHead(error.status, { ...error.headers, 'content-length': Buffer.byteLength(error.body) });
  response.end(error.body);
}

function sendJson(response: http.ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  response.end(body);
}
