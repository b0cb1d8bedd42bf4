import Docker from 'dockerode';
import type { Bilingual } from '../i18n';

/** How long a Docker daemon may take to answer a ping before we call it unreachable. */
const PING_TIMEOUT_MS = 5_000;

/** A client for the Docker the `docker` CLI would use by default: DOCKER_HOST, else the local socket. */
export function defaultDocker(): Docker {
  return new Docker();
}

/** Where the client talks to, for messages: the socket path or host:port. */
export function dockerAddress(docker: Docker): string {
  const modem = docker.modem as unknown as { socketPath?: string | (() => Promise<string>); host?: string; port?: number | string };
  // Without DOCKER_HOST, docker-modem picks one of these two sockets on its first call (a function, not a path).
  if (typeof modem.socketPath === 'function') return '~/.docker/run/docker.sock or /var/run/docker.sock';
  if (modem.socketPath) return modem.socketPath;
  return `${modem.host ?? '?'}:${modem.port ?? '?'}`;
}

/** Undefined when Docker answers; otherwise why not and what to do, for the caller's own error. */
export async function whyDockerIsUnreachable(docker: Docker, needs: Bilingual): Promise<Bilingual | undefined> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${PING_TIMEOUT_MS} ms`)), PING_TIMEOUT_MS);
    });
    await Promise.race([docker.ping(), timeout]);
    return undefined;
  } catch (error) {
    const address = dockerAddress(docker);
    const said = (error as Error).message;
    return {
      en: `Docker does not answer at ${address} (${said}). ${needs.en} ` +
        'Start Docker (Docker Desktop, or `sudo systemctl start docker`; `docker info` must work in this shell, and DOCKER_HOST must point at it if it is not the local socket), ' +
        'or run the tasks with the process runtime instead: KATA_RUNTIME=process.',
      ja: `${address} の Docker が応答しません(${said})。${needs.ja} ` +
        'Docker を起動する(Docker Desktop か `sudo systemctl start docker`。このシェルで `docker info` が動き、ローカルのソケットでなければ DOCKER_HOST がそれを指すこと)か、' +
        '代わりにプロセスランタイムでタスクを実行してください: KATA_RUNTIME=process。',
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Docker's HTTP status on a failed call (404 no such object, 409 conflict…), if it answered one. */
export function dockerStatus(error: unknown): number | undefined {
  const status = (error as { statusCode?: unknown } | undefined)?.statusCode;
  return typeof status === 'number' ? status : undefined;
}

/** Docker's own message for a failed call, without dockerode's "(HTTP code …) …" prefix. */
export function dockerMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | undefined)?.json;
  if (json && typeof json.message === 'string') return json.message;
  return error instanceof Error ? error.message : String(error);
}
