import { spawnSync } from 'node:child_process';
import * as net from 'node:net';
import { BackendPrerequisiteError } from '../../backends/backend';
import { EndpointBackend } from '../../backends/endpoint-backend';
import { localStackAuthToken, localStackImage } from '../../backends/localstack-backend';
import { findPython, motoVenvIsReady } from '../../backends/moto/venv';
import type { Bilingual } from '../../i18n';
import { defaultDocker, dockerAddress, dockerMessage, dockerStatus, whyDockerIsUnreachable } from '../../images/docker-daemon';
import { OTHER_BACKENDS_HINT } from '../../paths';

/** ok; problem: something the chosen setup needs is missing (doctor fails); note: worth knowing, not needed now. */
export type CheckLevel = 'ok' | 'problem' | 'note';

export interface CheckResult {
  level: CheckLevel;
  subject: string;
  detail: Bilingual;
}

const MIN_NODE_MAJOR = 20;
const both = (text: string): Bilingual => ({ en: text, ja: text });

export function checkNode(): CheckResult {
  const major = Number(process.versions.node.split('.')[0]);
  if (major >= MIN_NODE_MAJOR) return { level: 'ok', subject: 'Node', detail: { en: `${process.version} (the dojo needs ${MIN_NODE_MAJOR} or newer)`, ja: `${process.version}(道場には ${MIN_NODE_MAJOR} 以上が必要)` } };
  return {
    level: 'problem',
    subject: 'Node',
    detail: {
      en: `${process.version} is too old: the dojo needs Node ${MIN_NODE_MAJOR} or newer. Install it (https://nodejs.org, or \`nvm install ${MIN_NODE_MAJOR}\`), then run \`npm ci\` again.`,
      ja: `${process.version} は古すぎます。道場には Node ${MIN_NODE_MAJOR} 以上が必要です。インストールして(https://nodejs.org または \`nvm install ${MIN_NODE_MAJOR}\`)、もう一度 \`npm ci\` を実行してください。`,
    },
  };
}

/** Python 3 with venv: the default backend (moto) runs from a venv the project creates. */
export function checkPython(needed: boolean): CheckResult {
  try {
    const python = findPython();
    const version = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], { encoding: 'utf8' }).stdout.trim();
    return { level: 'ok', subject: 'Python', detail: { en: `${python} is Python ${version}, with the venv module`, ja: `${python} は Python ${version}(venv モジュールあり)` } };
  } catch (error) {
    const message = both((error as Error).message);
    if (needed) return { level: 'problem', subject: 'Python', detail: message };
    return { level: 'note', subject: 'Python', detail: { en: `not usable, and not needed by the chosen backend: ${message.en}`, ja: `使えませんが、選んだバックエンドには不要です: ${message.ja}` } };
  }
}

export function checkMotoVenv(): CheckResult {
  if (motoVenvIsReady()) return { level: 'ok', subject: 'moto venv', detail: { en: '.dojo/moto-venv holds the pinned moto server', ja: '.dojo/moto-venv に指定版の moto サーバーがあります' } };
  return {
    level: 'note',
    subject: 'moto venv',
    detail: {
      en: '.dojo/moto-venv is not set up yet: the first `npm test katas` or `npm run kata -- watch` creates it (about half a minute; pip must reach PyPI or a mirror).',
      ja: '.dojo/moto-venv はまだありません。最初の `npm test katas` か `npm run kata -- watch` が作ります(30 秒ほど。pip が PyPI かミラーに届く必要があります)。',
    },
  };
}

/** Docker is needed only for KATA_BACKEND=localstack or KATA_RUNTIME=docker. */
export async function checkDocker(neededBy: string | undefined): Promise<CheckResult> {
  const docker = defaultDocker();
  const needs = neededBy
    ? { en: `${neededBy} needs it.`, ja: `${neededBy} には Docker が必要です。` }
    : { en: 'Only KATA_BACKEND=localstack and KATA_RUNTIME=docker need it.', ja: 'KATA_BACKEND=localstack と KATA_RUNTIME=docker のときだけ必要です。' };
  const unreachable = await whyDockerIsUnreachable(docker, needs);
  // Known once the client has tried to connect.
  const address = dockerAddress(docker);
  if (!unreachable) return { level: 'ok', subject: 'Docker', detail: { en: `the engine answers at ${address}`, ja: `${address} のエンジンが応答します` } };
  if (neededBy) return { level: 'problem', subject: 'Docker', detail: unreachable };
  return { level: 'note', subject: 'Docker', detail: { en: `no engine answers at ${address}. ${needs.en}`, ja: `${address} で応答するエンジンがありません。${needs.ja}` } };
}

/** The image KATA_BACKEND=localstack starts: present, or pulled by the first run. Asked only of an engine that answers. */
export async function checkLocalStackImage(env: NodeJS.ProcessEnv): Promise<CheckResult> {
  const image = localStackImage(env);
  const subject = 'LocalStack image';
  try {
    await defaultDocker().getImage(image).inspect();
    return { level: 'ok', subject, detail: { en: `${image} is in Docker's image store`, ja: `${image} は Docker のイメージストアにあります` } };
  } catch (error) {
    if (dockerStatus(error) !== 404) return { level: 'problem', subject, detail: { en: `Docker could not look up ${image}: ${dockerMessage(error)}`, ja: `Docker が ${image} を調べられませんでした: ${dockerMessage(error)}` } };
    return {
      level: 'note',
      subject,
      detail: {
        en: `${image} is not in Docker's image store yet: the first run pulls it, which needs Docker Hub (or your mirror). Without one, set KATA_LOCALSTACK_IMAGE to an image you have.`,
        ja: `${image} はまだ Docker のイメージストアにありません。最初の実行が pull するので、Docker Hub(またはミラー)に届く必要があります。届かない場合は、手元にあるイメージを KATA_LOCALSTACK_IMAGE で指定してください。`,
      },
    };
  }
}

/** Which LocalStack edition the katas will meet: the token decides. */
export function checkLocalStackToken(env: NodeJS.ProcessEnv): CheckResult {
  const subject = 'LOCALSTACK_AUTH_TOKEN';
  if (localStackAuthToken(env))
    return {
      level: 'ok',
      subject,
      detail: {
        en: "set, and passed to the container: the katas that run are those of the services your plan answers, which the probe prints at start",
        ja: '設定されていて、コンテナに渡されます。実行できるのはプランが応答するサービスのカタで、起動時にプローブが表示します',
      },
    };
  return {
    level: 'note',
    subject,
    detail: {
      en: "not set, so LocalStack runs its community edition: it has no ECS or ECR, and the katas that need them are skipped, each saying why. KATA_BACKEND=moto runs them all.",
      ja: '未設定なので、LocalStack はコミュニティ版として動きます。ECS と ECR がないため、それらが必要なカタはそれぞれ理由を示してスキップされます。KATA_BACKEND=moto ならすべて実行できます。',
    },
  };
}

export async function checkEndpoint(endpoint: string | undefined): Promise<CheckResult> {
  const subject = 'KATA_ENDPOINT';
  let url: string;
  try {
    url = new EndpointBackend(endpoint).endpoint();
  } catch (error) {
    if (!(error instanceof BackendPrerequisiteError)) throw error;
    return { level: 'problem', subject, detail: both(error.message) };
  }
  try {
    await fetch(url, { signal: AbortSignal.timeout(3000) });
    return { level: 'ok', subject, detail: { en: `${url} answers`, ja: `${url} が応答します` } };
  } catch (error) {
    const why = ((error as Error).cause as Error | undefined)?.message ?? (error as Error).message;
    return {
      level: 'problem',
      subject,
      detail: {
        en: `${url} does not answer (${why}). Start the local AWS there first (e.g. \`docker compose up moto\`), or fix the URL. ${OTHER_BACKENDS_HINT.en}`,
        ja: `${url} が応答しません(${why})。先にそこでローカル AWS を起動するか(例: \`docker compose up moto\`)、URL を直してください。${OTHER_BACKENDS_HINT.ja}`,
      },
    };
  }
}

/** The gateway, moto and each task's endpoints listen on free loopback ports. */
export function checkLoopback(): Promise<CheckResult> {
  return new Promise((resolve) => {
    const server = net.createServer();
    server.once('error', (error) =>
      resolve({
        level: 'problem',
        subject: 'loopback',
        detail: {
          en: `cannot listen on 127.0.0.1 (${error.message}): the gateway and the local AWS listen on free loopback ports. Allow local listeners (a sandbox or firewall may block them).`,
          ja: `127.0.0.1 で待ち受けできません(${error.message})。ゲートウェイとローカル AWS は空いているループバックのポートで待ち受けます。ローカルでの待ち受けを許可してください(サンドボックスやファイアウォールが止めている可能性があります)。`,
        },
      }),
    );
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() =>
        resolve({ level: 'ok', subject: 'loopback', detail: { en: `127.0.0.1 accepts listeners (free port ${port} found)`, ja: `127.0.0.1 で待ち受けできます(空きポート ${port})` } }),
      );
    });
  });
}
