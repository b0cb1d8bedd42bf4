import { randomBytes, timingSafeEqual } from 'node:crypto';
import type * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { ServiceSession } from '../gateway/service-sessions';
import type { Bilingual } from '../i18n';
import { HostListeners, LOOPBACK, sendJson } from './host-listeners';

/** A task whose containers may fetch its task role's credentials. */
export interface CredentialsTask {
  taskId: string;
  accountId: string;
  roleArn: string;
}

/** What goes into the task's environment, as AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN. */
export interface TaskCredentialsAccess {
  fullUri: string;
  authorizationToken: string;
}

/**
 * How the endpoint obtains a role session; in the harness:
 * `(accountId, roleArn, sessionName) => gateway.assumeRoleAsService({ accountId, roleArn, service: 'ecs-tasks.amazonaws.com', sessionName })`.
 */
export type RoleSessionSource = (accountId: string, roleArn: string, sessionName: string) => Promise<ServiceSession>;

export interface CredentialsEndpointOptions {
  /** Credentials are fetched again once they expire within this window. Default: 5 minutes, as ECS's agent refreshes. */
  refreshBeforeMs?: number;
  now?: () => number;
}

/** The JSON the ECS agent serves, and what the SDK's HTTP and container-metadata providers read. */
export interface ContainerCredentials {
  RoleArn: string;
  AccessKeyId: string;
  SecretAccessKey: string;
  Token: string;
  Expiration: string;
}

interface Registration {
  task: CredentialsTask;
  /** The address the task's containers reach the endpoint at; requests arriving elsewhere are refused. */
  host: string;
  token: Buffer;
  cached?: { body: ContainerCredentials; expiresAt: number };
  pending?: Promise<Answer>;
}

type Answer = { status: number; body: unknown };

export const CREDENTIALS_PATH_PREFIX = '/v2/credentials/';
const DEFAULT_REFRESH_BEFORE_MS = 5 * 60 * 1000;

/**
 * The ECS container credentials endpoint: one HTTP server per address containers reach the
 * harness at (loopback for processes, the Docker network's gateway for containers), shared by
 * every task of a run. Each task with a task role gets its own path and its own authorization
 * token, valid only on the address it was registered for; a request gets that task's role
 * credentials only with that task's token. Credentials come from `source` (the trust
 * policy decides) and are cached until shortly before they expire; a refusal is answered with
 * 500 and the trust policy's explanation, and kept for the agent (`lastRefusal`).
 */
export class CredentialsEndpoint {
  private readonly byPathId = new Map<string, Registration>();
  private readonly pathIdOfTask = new Map<string, string>();
  private readonly refusals = new Map<string, Bilingual>();
  private readonly refreshBeforeMs: number;
  private readonly now: () => number;
  private readonly listeners: HostListeners;

  constructor(private readonly source: RoleSessionSource, options: CredentialsEndpointOptions = {}) {
    this.refreshBeforeMs = options.refreshBeforeMs ?? DEFAULT_REFRESH_BEFORE_MS;
    this.now = options.now ?? Date.now;
    this.listeners = new HostListeners((request, response) => {
      this.handle(request)
        .then((answer) => sendJson(response, answer.status, answer.body))
        .catch((error: unknown) => sendJson(response, 500, { Code: 'InternalFailure', Message: `The dojo's ECS credentials endpoint failed: ${String(error)}` }));
    }, "The dojo's ECS credentials endpoint");
  }

  /**
   * Starts listening on `host` (127.0.0.1 unless given: the Docker runtime adds its network's
   * gateway) at a free port; returns the base URL. Listening on a host twice is harmless.
   */
  listen(host: string = LOOPBACK): Promise<string> {
    return this.listeners.listen(host);
  }

  /** Where the server for `host` listens. */
  address(host: string = LOOPBACK): AddressInfo {
    const address = this.listeners.address(host);
    if (!address) throw new Error(`The ECS credentials endpoint is not listening on ${host}; call listen(${JSON.stringify(host)}) first.`);
    return address;
  }

  /** Gives a task its own path and token; registering a task again replaces its previous access. */
  register(task: CredentialsTask, host: string = LOOPBACK): TaskCredentialsAccess {
    const baseUrl = this.listeners.baseUrl(host);
    if (!baseUrl) throw new Error(`The ECS credentials endpoint is not listening on ${host}; call listen(${JSON.stringify(host)}) before registering task ${task.taskId}.`);
    this.unregister(task.taskId);
    const pathId = randomBytes(16).toString('hex');
    const authorizationToken = randomBytes(32).toString('base64url');
    this.byPathId.set(pathId, { task: { ...task }, host, token: Buffer.from(authorizationToken) });
    this.pathIdOfTask.set(task.taskId, pathId);
    return { fullUri: `${baseUrl}${CREDENTIALS_PATH_PREFIX}${pathId}`, authorizationToken };
  }

  /** The task's path and token stop working; its cached credentials are dropped. */
  unregister(taskId: string): void {
    const pathId = this.pathIdOfTask.get(taskId);
    if (pathId) this.byPathId.delete(pathId);
    this.pathIdOfTask.delete(taskId);
    this.refusals.delete(taskId);
  }

  /** Why the task's role could not be assumed the last time its credentials were asked for; cleared by a success. */
  lastRefusal(taskId: string): Bilingual | undefined {
    return this.refusals.get(taskId);
  }

  async close(): Promise<void> {
    this.byPathId.clear();
    this.pathIdOfTask.clear();
    await this.listeners.close();
  }

  private async handle(request: http.IncomingMessage): Promise<Answer> {
    request.resume();
    const path = new URL(request.url ?? '/', 'http://credentials.local').pathname;
    const registration = path.startsWith(CREDENTIALS_PATH_PREFIX) ? this.byPathId.get(path.slice(CREDENTIALS_PATH_PREFIX.length)) : undefined;
    if (!registration || normalizeAddress(request.socket.localAddress) !== registration.host) {
      return error(404, 'NotFound', `No task credentials at ${path}. Each task's AWS_CONTAINER_CREDENTIALS_FULL_URI names its own path; the task may have stopped.`);
    }
    if (!tokenMatches(request.headers.authorization, registration.token)) {
      return error(403, 'AccessDenied',
        'The Authorization header does not carry the token issued for this credentials path. ' +
          'Send the value of AWS_CONTAINER_AUTHORIZATION_TOKEN (or the content of AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE) that the task was started with.');
    }
    if (request.method !== 'GET') return error(405, 'MethodNotAllowed', `The credentials endpoint answers GET only, not ${request.method}.`);

    const cached = registration.cached;
    if (cached && cached.expiresAt - this.refreshBeforeMs > this.now()) return { status: 200, body: cached.body };
    registration.pending ??= this.fetch(registration).finally(() => (registration.pending = undefined));
    return registration.pending;
  }

  private async fetch(registration: Registration): Promise<Answer> {
    const { taskId, accountId, roleArn } = registration.task;
    const session = await this.source(accountId, roleArn, taskId);
    if (!session.allowed) {
      this.refusals.set(taskId, session.explanation);
      registration.cached = undefined;
      return error(500, 'AssumeRoleFailed', `ECS could not assume the task role ${roleArn} for task ${taskId}: ${session.explanation.en}`);
    }
    this.refusals.delete(taskId);
    const { credentials } = session;
    const expiresAt = Date.parse(credentials.expiration);
    const body: ContainerCredentials = {
      RoleArn: roleArn,
      AccessKeyId: credentials.accessKeyId,
      SecretAccessKey: credentials.secretAccessKey,
      Token: credentials.sessionToken,
      // ECS writes RFC 3339 without fractional seconds.
      Expiration: new Date(expiresAt).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    // Only a registration still current keeps the credentials (the task may have been unregistered meanwhile).
    const pathId = this.pathIdOfTask.get(taskId);
    if (pathId && this.byPathId.get(pathId) === registration) registration.cached = { body, expiresAt };
    return { status: 200, body };
  }
}

/** An IPv4 address as a dual-stack socket may report it (::ffff:127.0.0.1). */
function normalizeAddress(address: string | undefined): string {
  return (address ?? '').replace(/^::ffff:/, '');
}

function tokenMatches(header: string | undefined, expected: Buffer): boolean {
  if (!header) return false;
  const given = Buffer.from(header);
  return given.length === expected.length && timingSafeEqual(given, expected);
}

function error(status: number, code: string, message: string): Answer {
  return { status, body: { Code: code, Message: message } };
}
