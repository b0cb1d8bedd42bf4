import type Docker from 'dockerode';
import { dockerMessage, whyDockerIsUnreachable } from './docker-daemon';
import { IMAGE_FILES, readImageContent } from './image-content';
import { ImagePipelineError } from './image-error';

export const SAMPLE_IMAGE_REPOSITORY = 'aws-basics-dojo/sample';
/** Every image built here carries its content digest (sha256:…) under this label. */
export const CONTENT_DIGEST_LABEL = 'aws-basics-dojo.content-digest';
/** A Node image to build FROM instead of the Dockerfile's default (machines without a registry). */
export const BASE_IMAGE_ENV = 'KATA_DOCKER_BASE_IMAGE';
/** How many of docker's last output lines an error shows. */
const OUTPUT_LINES_SHOWN = 30;

export interface DockerImage {
  /** Docker's image id (sha256:…). */
  id: string;
  /** `aws-basics-dojo/sample:<first 12 hex of the content digest>`. */
  tag: string;
  contentDigest: string;
  /** True when an image built earlier from the same content was used. */
  reused: boolean;
}

export interface DockerBuildOptions {
  /** The base image (build arg BASE_IMAGE); default: $KATA_DOCKER_BASE_IMAGE, else the Dockerfile's own. */
  baseImage?: string;
}

export function sampleImageTag(contentDigest: string): string {
  return `${SAMPLE_IMAGE_REPOSITORY}:${contentDigest.slice('sha256:'.length, 'sha256:'.length + 12)}`;
}

/** The id of a Docker image built from this content, if there is one. */
export async function findDockerImage(docker: Docker, contentDigest: string): Promise<string | undefined> {
  const images = await docker.listImages({ filters: JSON.stringify({ label: [`${CONTENT_DIGEST_LABEL}=${contentDigest}`] }) });
  return images[0]?.Id;
}

/**
 * `docker build` of a staged image folder (see buildSampleImage): the build context is the image's
 * content files only (IMAGE_FILES: its Dockerfile, app and lock file; not the staged node_modules,
 * which the Dockerfile's `RUN npm ci` makes inside the image). Same content, same image: an image
 * labelled with the folder's content digest is reused rather than built again.
 *
 * The build runs with the host's network (`networkmode: host`): `RUN npm ci` must reach the npm
 * registry, and on machines where Docker's bridge has no way out, the host's network does.
 */
export async function buildDockerImage(docker: Docker, dir: string, options: DockerBuildOptions = {}): Promise<DockerImage> {
  const { digest } = await readImageContent(dir);
  const tag = sampleImageTag(digest);
  const unreachable = await whyDockerIsUnreachable(docker, {
    en: `The Docker runtime builds the sample image from ${dir} with it.`,
    ja: `Docker ランタイムはそれで ${dir} からサンプルイメージをビルドします。`,
  });
  if (unreachable) throw new ImagePipelineError(unreachable);

  const existing = await findDockerImage(docker, digest);
  if (existing) return { id: existing, tag, contentDigest: digest, reused: true };

  const baseImage = options.baseImage ?? (process.env[BASE_IMAGE_ENV] || undefined);
  const output = await runBuild(docker, dir, {
    t: tag,
    labels: { [CONTENT_DIGEST_LABEL]: digest },
    ...(baseImage ? { buildargs: { BASE_IMAGE: baseImage } } : {}),
    networkmode: 'host',
    rm: true,
    forcerm: true,
  });
  if (output.error !== undefined) throw buildError(dir, tag, baseImage, output);
  const id = (await docker.getImage(tag).inspect()).Id;
  return { id, tag, contentDigest: digest, reused: false };
}

interface BuildOutput {
  lines: string[];
  /** The Dockerfile step that was running last (`Step 4/8 : RUN npm ci --omit=dev`). */
  lastStep?: string;
  error?: string;
}

async function runBuild(docker: Docker, dir: string, options: Docker.ImageBuildOptions): Promise<BuildOutput> {
  const result: BuildOutput = { lines: [] };
  let stream: NodeJS.ReadableStream;
  try {
    stream = await docker.buildImage({ context: dir, src: [...IMAGE_FILES] }, options);
  } catch (error) {
    return { ...result, error: dockerMessage(error) };
  }
  await new Promise<void>((resolve) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => {
        if (error && result.error === undefined) result.error = error.message;
        resolve();
      },
      (event: { stream?: string; error?: string; errorDetail?: { message?: string } }) => {
        // The classic builder colours a step's stderr with terminal escapes.
        for (const line of (event.stream ?? '').replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
          if (line.trim() === '') continue;
          result.lines.push(line);
          if (/^Step \d+\/\d+ : /.test(line)) result.lastStep = line;
        }
        if (event.error !== undefined) result.error = event.errorDetail?.message ?? event.error;
      },
    );
  });
  return result;
}

function buildError(dir: string, tag: string, baseImage: string | undefined, output: BuildOutput): ImagePipelineError {
  const said = output.lines.slice(-OUTPUT_LINES_SHOWN).join('\n') || '(nothing)';
  const step = output.lastStep ?? '(before the first step)';
  const what = {
    en: `Building the Docker image ${tag} from ${dir} failed at ${step}: ${output.error}\nDocker's last output:\n${said}\n`,
    ja: `${dir} から Docker イメージ ${tag} のビルドが ${step} で失敗しました: ${output.error}\nDocker の最後の出力:\n${said}\n`,
  };
  const base = {
    en: baseImage ?? "the Dockerfile's default base image",
    ja: baseImage ?? 'Dockerfile の既定のベースイメージ',
  };
  const next = /: FROM /i.test(step)
    ? {
      en: `The base image (${base.en}) could not be pulled. On a machine whose Docker reaches no image registry, make a local Node base image ` +
        `with \`sudo scripts/docker-base-image.sh\` and set ${BASE_IMAGE_ENV} to the name it prints (e.g. ${BASE_IMAGE_ENV}=aws-basics-dojo/node-base:20.x.y), ` +
        `or set ${BASE_IMAGE_ENV} to a Node image (20 or newer) you already have (\`docker images\`). Then run the tests again.`,
      ja: `ベースイメージ(${base.ja})を pull できませんでした。Docker からイメージレジストリに届かないマシンでは、` +
        `\`sudo scripts/docker-base-image.sh\` でローカルの Node ベースイメージを作り、表示された名前を ${BASE_IMAGE_ENV} に設定してください(例: ${BASE_IMAGE_ENV}=aws-basics-dojo/node-base:20.x.y)。` +
        `手元にある Node 20 以上のイメージ(\`docker images\`)を ${BASE_IMAGE_ENV} に設定しても構いません。それからもう一度テストを実行してください。`,
    }
    : /: RUN npm/i.test(step)
      ? {
        en: 'npm inside the build could not install the packages pinned in package-lock.json. The build uses the host\'s network: check that `npm ping` works on this machine, ' +
          `that package.json and package-lock.json agree, and that the base image (${base.en}) has Node 20 or newer with npm. Then run the tests again.`,
        ja: 'ビルド中の npm が package-lock.json に固定されたパッケージを入れられませんでした。ビルドはホストのネットワークを使います。このマシンで `npm ping` が通るか、' +
          `package.json と package-lock.json が一致しているか、ベースイメージ(${base.ja})に Node 20 以上と npm があるかを確かめ、もう一度テストを実行してください。`,
      }
      : {
        en: 'Docker\'s output above names the cause; fix it (in the image\'s files or the base image) and run the tests again.',
        ja: '原因は上の Docker の出力にあります。(イメージのファイルかベースイメージを)直して、もう一度テストを実行してください。',
      };
  return new ImagePipelineError({ en: what.en + next.en, ja: what.ja + next.ja });
}
