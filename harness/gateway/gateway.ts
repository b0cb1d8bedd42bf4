import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { IAMClient } from '@aws-sdk/client-iam';
import type { STSClient } from '@aws-sdk/client-sts';
import type { Backend } from '../backends/backend';
import { backendClients } from '../iam/backend-iam';
import { lintPolicy } from '../iam/lint-policy';
import { PolicyCollector } from '../iam/policy-collector';
import { PrincipalRegistry } from '../iam/principal-registry';
import { validatePolicyDocument } from '../iam/validate-policy';
import type { Bilingual } from '../i18n';
import { AccountAllocator } from './accounts';
import { awsError, awsErrorCode, unsignedRequestError, type AwsErrorResponse } from './aws-error';
import { identifyCaller } from './caller';
import { captureCredentials, handsOutCredentials } from './credential-capture';
import { refuseInvalidFargateRegistration } from './fargate-registration';
import { IamEnforcer } from './iam-enforcer';
import { queryParameters } from '../iam/authorization/request-params';
import { identifyOperation, type Operation } from './operation';
import { changesIam, policyDocumentIn } from './policy-documents';
import { assumeRoleAsService, type ServiceSessionRequest } from './service-sessions';
import { MAX_SIMULATED_PAIRS, simulatePrincipal, type SimulationRequest } from './simulate';
import { foreignToTask, type PortTask } from './task-port-identity';
import { CallTrace } from './trace';

/** The local ECS agent as the gateway sees it (harness/ecs-agent/agent.ts). */
export interface EcsTaskInterceptor {
  intercepts(operation: Operation): boolean;
  /** An answer in place of the backend's (a refusal may explain itself for the trace), or undefined to forward the call. */
  handle(operation: Operation, accountId: string, region: string, body: Buffer): Promise<(AwsErrorResponse & { explanation?: Bilingual }) | undefined>;
  /** What the account's task (ARN or id) may reach, as decided at its launch. */
  taskNetwork?(accountId: string, taskRef: string): unknown;
}

/** Paths under this prefix are the harness's own control API, not AWS calls. */
export const CONTROL_PREFIX = '/_dojo/';

const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'upgrade']);
/** IAM is global; the gateway's own reads of it use this region. */
const IAM_REGION = 'us-east-1';

/**
 * The one loopback endpoint every kata's SDK call goes through: it learns who is calling from
 * the SigV4 credential, enforces IAM for every caller that is not an account root, routes the
 * call into the caller's account on the backend, forwards it untouched and records it in the
 * account's trace. It answers itself where the backend would accept what AWS refuses: a Fargate
 * task definition ECS would not register (fargate-registration.ts).
 */
export class Gateway {
  readonly trace = new CallTrace();
  readonly registry = new PrincipalRegistry();
  private readonly collector: PolicyCollector;
  private readonly enforcer: IamEnforcer;
  private readonly accounts = new AccountAllocator();
  private readonly agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  private readonly clients = new Map<string, { iam: IAMClient; sts: STSClient }>();
  private server?: http.Server;
  private readonly taskServers = new Set<http.Server>();
  private ecsAgent?: EcsTaskInterceptor;

  constructor(private readonly backend: Backend, private readonly status: () => unknown) {
    this.collector = new PolicyCollector((accountId) => this.clientsOf(accountId).iam);
    this.enforcer = new IamEnforcer(this.registry, this.collector);
  }

  async listen(): Promise<string> {
    const { server, url } = await this.serve('127.0.0.1', {});
    this.server = server;
    return url;
  }

  /**
   * A port of the gateway bound to one task (its containers' AWS_ENDPOINT_URL), on the address
   * the task's containers reach the harness at: calls through it are the task's, and the trace
   * says so. Closed when the task stops.
   */
  async openTaskPort(task: PortTask, host: string): Promise<{ url: string; close(): Promise<void> }> {
    const { server, url } = await this.serve(host, { task });
    this.taskServers.add(server);
    return {
      url,
      close: async () => {
        this.taskServers.delete(server);
        await closeServer(server);
      },
    };
  }

  private async serve(host: string, port: PortContext): Promise<{ server: http.Server; url: string }> {
    const server = http.createServer((request, response) => {
      this.handle(request, response, port).catch((error: unknown) => {
        if (response.headersSent) return response.destroy();
        send(response, awsError('json', 'unknown', 500, 'InternalFailure', `The dojo gateway failed on this request: ${String(error)}`));
      });
    });
    server.keepAliveTimeout = 5000;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, host, () => resolve());
    });
    return { server, url: `http://${host}:${(server.address() as AddressInfo).port}` };
  }

  async close(): Promise<void> {
    this.agent.destroy();
    for (const { iam, sts } of this.clients.values()) {
      iam.destroy();
      sts.destroy();
    }
    const servers = [...this.taskServers, ...(this.server ? [this.server] : [])];
    this.taskServers.clear();
    await Promise.all(servers.map(closeServer));
  }

  /** Hands authorized ECS task calls (RunTask, DescribeTasks, StopTask) to the local ECS agent. */
  useEcsAgent(agent: EcsTaskInterceptor | undefined): void {
    this.ecsAgent = agent;
  }

  /** A service principal (ECS for a task role) assumes a role, as AWS does on a customer's behalf. */
  assumeRoleAsService(request: ServiceSessionRequest) {
    return assumeRoleAsService(request, this.collector, this.registry, (accountId) => this.clientsOf(accountId).sts);
  }

  /** May this role or user do each action on each resource? The engine's decisions, as IAM's SimulatePrincipalPolicy gives them. */
  simulate(request: SimulationRequest) {
    return simulatePrincipal(request, this.collector, this.clientsOf(request.accountId).iam);
  }

  private async handle(request: http.IncomingMessage, response: http.ServerResponse, port: PortContext): Promise<void> {
    const url = new URL(request.url ?? '/', 'http://gateway.local');
    const body = await readBody(request);
    if (url.pathname.startsWith(CONTROL_PREFIX) && !port.task) return this.control(request.method ?? 'GET', url, body, response);

    const method = request.method ?? 'GET';
    const identified = identifyCaller(request.headers, url);
    const operation = identifyOperation(method, url, request.headers, body, identified.ok ? identified.caller.service : undefined);
    if (!identified.ok) {
      return send(response, unsignedRequestError(operation.protocol, operation.service, identified.code, identified.detail));
    }

    if (port.task?.services && !port.task.services.has(identified.caller.service)) {
      // The task's VPC has no path to this service's endpoint: as there, nothing answers. (The
      // task's preload already times such connections out; this is for what bypasses it.)
      this.trace.record(port.task.accountId, { taskId: port.task.taskId, service: operation.service, operation: operation.name, status: 0, errorCode: 'NoNetworkPath' });
      request.socket.destroy();
      return;
    }
    const foreign = port.task && foreignToTask(port.task, identified.caller, this.registry);
    if (port.task && foreign) {
      this.trace.record(port.task.accountId, { taskId: port.task.taskId, service: operation.service, operation: operation.name, status: 403, errorCode: 'AccessDenied', explanation: foreign });
      return send(response, awsError(operation.protocol, operation.service, 403, operation.protocol === 'json' ? 'AccessDeniedException' : 'AccessDenied', foreign.en));
    }
    const verdict = await this.enforcer.authorize(identified.caller, operation, { method, url, headers: request.headers, body });
    if (!verdict.allowed) {
      if (verdict.accountId) {
        this.trace.record(verdict.accountId, {
          ...(port.task && { taskId: port.task.taskId }),
          service: operation.service,
          operation: operation.name,
          status: verdict.response.status,
          errorCode: verdict.errorCode,
          ...(verdict.explanation && { explanation: verdict.explanation }),
        });
      }
      return send(response, verdict.response);
    }

    const accountId = verdict.accountId;
    const refused = refuseInvalidFargateRegistration(operation, body);
    if (refused) {
      this.trace.record(accountId, {
        ...(port.task && { taskId: port.task.taskId }),
        service: operation.service,
        operation: operation.name,
        status: refused.response.status,
        errorCode: refused.errorCode,
        explanation: refused.explanation,
      });
      return send(response, refused.response);
    }
    if (this.ecsAgent?.intercepts(operation)) {
      const answer = await this.ecsAgent.handle(operation, accountId, identified.caller.region, body);
      if (answer) {
        this.trace.record(accountId, {
          ...(port.task && { taskId: port.task.taskId }),
          service: operation.service,
          operation: operation.name,
          status: answer.status,
          ...(answer.status >= 400 && { errorCode: awsErrorCode(answer.headers, answer.body) }),
          ...(answer.explanation && { explanation: answer.explanation }),
        });
        return send(response, answer);
      }
    }
    const params = operation.protocol === 'query' ? queryParameters(url, request.headers, body) : new URLSearchParams();
    const document = policyDocumentIn(operation, params);
    let notes: Bilingual[] = [];
    if (document) {
      const validation = validatePolicyDocument(document.text, document.kind, { target: document.target });
      if (!validation.ok) {
        const status = validation.code === 'LimitExceeded' ? 409 : 400;
        this.trace.record(accountId, { ...(port.task && { taskId: port.task.taskId }), service: operation.service, operation: operation.name, status, errorCode: validation.code });
        return send(response, awsError('query', 'iam', status, validation.code, validation.message));
      }
      notes = (await lintPolicy(validation.document, { accountId, region: identified.caller.region })).map((finding) => finding.message);
    }
    await this.forward(request, response, body, accountId, operation, (status, responseBody, errorCode) => {
      this.trace.record(accountId, {
        ...(port.task && { taskId: port.task.taskId }),
        service: operation.service,
        operation: operation.name,
        status,
        ...(errorCode && { errorCode }),
        ...(notes.length > 0 && { notes }),
      });
      if (status < 300 && changesIam(operation)) this.collector.invalidate(accountId);
      if (handsOutCredentials(operation)) captureCredentials(this.registry, operation, accountId, params, status, responseBody);
    });
  }

  /**
   * Forwards the call into `accountId` and streams the answer back untouched. `settled` gets the
   * answer's status (and, for errors and credential answers, its body) before the client does.
   */
  private forward(
    request: http.IncomingMessage,
    response: http.ServerResponse,
    body: Buffer,
    accountId: string,
    operation: Operation,
    settled: (status: number, responseBody: string, errorCode?: string) => void,
  ): Promise<void> {
    const target = new URL(request.url ?? '/', this.backend.endpoint());
    const headers = { ...request.headers, ...this.backend.accountHeaders(accountId) };
    for (const name of HOP_BY_HOP) delete headers[name];

    return new Promise<void>((resolve) => {
      const upstream = http.request(target, { method: request.method, headers, agent: this.agent }, (answer) => {
        const status = answer.statusCode ?? 502;
        const keepBody = status >= 400 || handsOutCredentials(operation);
        const chunks: Buffer[] = [];
        if (keepBody) answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          settled(status, text, status >= 400 ? awsErrorCode(answer.headers, text) : undefined);
          resolve();
        });
        answer.on('error', () => resolve());
        const raw: string[] = [];
        for (let i = 0; i < answer.rawHeaders.length; i += 2) {
          if (!HOP_BY_HOP.has(answer.rawHeaders[i].toLowerCase())) raw.push(answer.rawHeaders[i], answer.rawHeaders[i + 1]);
        }
        response.writeHead(status, answer.statusMessage, raw);
        answer.pipe(response);
      });
      upstream.on('error', (error) => {
        const failure = awsError(operation.protocol, operation.service, 503, 'ServiceUnavailable',
          `The local AWS backend (${this.backend.name} at ${this.backend.endpoint()}) did not answer: ${error.message}. ` +
            'It may have stopped; run the tests again to restart it.');
        settled(failure.status, failure.body, 'ServiceUnavailable');
        if (!response.headersSent) send(response, failure);
        else response.destroy();
        resolve();
      });
      upstream.end(body);
    });
  }

  private async control(method: string, url: URL, body: Buffer, response: http.ServerResponse): Promise<void> {
    const parts = url.pathname.slice(CONTROL_PREFIX.length).split('/').filter(Boolean);
    if (method === 'POST' && parts.length === 1 && parts[0] === 'accounts') {
      return sendJson(response, 201, { accountId: this.accounts.next() });
    }
    if (method === 'GET' && parts.length === 3 && parts[0] === 'accounts' && parts[2] === 'trace') {
      const after = Number(url.searchParams.get('after') ?? '0');
      return sendJson(response, 200, { latestSeq: this.trace.latestSeq(), calls: this.trace.of(parts[1], after) });
    }
    if (method === 'POST' && parts.length === 3 && parts[0] === 'accounts' && parts[2] === 'service-sessions') {
      const { roleArn, service, sessionName } = JSON.parse(body.toString('utf8') || '{}') as Partial<ServiceSessionRequest>;
      if (!roleArn || !service || !sessionName) return sendJson(response, 400, { message: 'Give roleArn, service and sessionName.' });
      const session = await this.assumeRoleAsService({ accountId: parts[1], roleArn, service, sessionName });
      return sendJson(response, session.allowed ? 200 : 403, session);
    }
    if (method === 'POST' && parts.length === 3 && parts[0] === 'accounts' && parts[2] === 'simulate') {
      const { principalArn, actions, resources, region, context } = JSON.parse(body.toString('utf8') || '{}') as Partial<SimulationRequest>;
      if (!principalArn || !Array.isArray(actions) || !Array.isArray(resources)) return sendJson(response, 400, { message: 'Give principalArn, actions and resources (lists).' });
      if (actions.length * resources.length > MAX_SIMULATED_PAIRS) return sendJson(response, 400, { message: `At most ${MAX_SIMULATED_PAIRS} action × resource pairs per simulation.` });
      const simulation = await this.simulate({ accountId: parts[1], principalArn, actions, resources, region, context });
      return sendJson(response, simulation.found ? 200 : 404, simulation);
    }
    if (method === 'GET' && parts.length === 5 && parts[0] === 'accounts' && parts[2] === 'tasks' && parts[4] === 'network') {
      const report = this.ecsAgent?.taskNetwork?.(parts[1], decodeURIComponent(parts[3]));
      if (report === undefined) return sendJson(response, 404, { message: `No task ${decodeURIComponent(parts[3])} with a decided network in account ${parts[1]}: the task is unknown, or its launch has not read its VPC yet.` });
      return sendJson(response, 200, report);
    }
    if (method === 'GET' && parts.length === 1 && parts[0] === 'status') {
      return sendJson(response, 200, this.status());
    }
    sendJson(response, 404, {
      message: `No dojo control route ${method} ${url.pathname}. Routes: POST /_dojo/accounts, GET /_dojo/accounts/<id>/trace?after=<seq>, POST /_dojo/accounts/<id>/service-sessions, POST /_dojo/accounts/<id>/simulate, GET /_dojo/accounts/<id>/tasks/<task id>/network, GET /_dojo/status.`,
    });
  }

  private clientsOf(accountId: string): { iam: IAMClient; sts: STSClient } {
    let clients = this.clients.get(accountId);
    if (!clients) this.clients.set(accountId, (clients = backendClients(this.backend, accountId, IAM_REGION)));
    return clients;
  }
}

/** Which port a request came in on: the gateway's own, or one bound to a task. */
interface PortContext {
  task?: PortTask;
}

function closeServer(server: http.Server): Promise<void> {
  server.closeAllConnections();
  return new Promise<void>((resolve) => server.close(() => resolve()));
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
