import { randomUUID } from 'node:crypto';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import Docker from 'dockerode';
import { buildSampleImage, SAMPLE_SOURCE_DIR } from '../../harness/images/build-sample-image';
import { buildDockerImage, CONTENT_DIGEST_LABEL, findDockerImage } from '../../harness/images/docker-image';
import { describeWithDocker } from '../docker-available';

const BUILD_TIMEOUT_MS = 300_000;
const docker = new Docker();
const describeDocker = describeWithDocker('the Docker image build tests');
const temps: string[] = [];
const imagesMade: string[] = [];

afterAll(async () => {
  await Promise.all(imagesMade.map((id) => docker.getImage(id).remove({ force: true }).catch(() => undefined)));
  await Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true })));
});

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

/** The sample image staged with one more line in index.js, so its content (and image) is new. */
async function stagedVariant(): Promise<{ digest: string; dir: string }> {
  const source = await tempDir('dojo-docker-variant-');
  await cp(SAMPLE_SOURCE_DIR, source, { recursive: true });
  const original = await readFile(path.join(source, 'index.js'), 'utf8');
  await writeFile(path.join(source, 'index.js'), `${original}\n// variant ${randomUUID()}\n`);
  return buildSampleImage({ sourceDir: source, imagesDir: await tempDir('dojo-docker-variant-images-') });
}

describeDocker('building the sample image with docker build', () => {
  test('the same content is built once: a second build finds the image by its content digest', async () => {
    const staged = await buildSampleImage();
    const first = await buildDockerImage(docker, staged.dir);
    const second = await buildDockerImage(docker, staged.dir);
    expect(second).toEqual({ ...first, reused: true });
    expect(first.contentDigest).toBe(staged.digest);
    expect(first.tag).toBe(`aws-basics-dojo/sample:${staged.digest.slice('sha256:'.length, 'sha256:'.length + 12)}`);
    await expect(findDockerImage(docker, staged.digest)).resolves.toBe(first.id);

    const image = await docker.getImage(first.tag).inspect();
    expect(image.Id).toBe(first.id);
    expect(image.Config.Labels?.[CONTENT_DIGEST_LABEL]).toBe(staged.digest);
    expect(image.Config.Cmd).toEqual(['node', 'index.js']);
  }, BUILD_TIMEOUT_MS);

  test('changed content builds a new image: the app\'s files, and node_modules made by npm ci in the build', async () => {
    const unchanged = await buildDockerImage(docker, (await buildSampleImage()).dir);
    const variant = await stagedVariant();
    const built = await buildDockerImage(docker, variant.dir);
    imagesMade.push(built.id);
    expect(built).toMatchObject({ contentDigest: variant.digest, reused: false });
    expect(built.id).not.toBe(unchanged.id);

    // /app holds what the Dockerfile COPYs and what its RUN npm ci installed.
    const listing = await runInImage(built.id, ['sh', '-c', 'ls -A /app; ls /app/node_modules/@aws-sdk | grep -x client-ecr; tail -n 1 /app/index.js']);
    expect(listing.split('\n')).toEqual(['index.js', 'node_modules', 'package-lock.json', 'package.json', 'client-ecr', expect.stringMatching(/^\/\/ variant /), '']);
  }, BUILD_TIMEOUT_MS);

  test('a base image that cannot be pulled fails with the step, Docker\'s words and KATA_DOCKER_BASE_IMAGE as the way out', async () => {
    const variant = await stagedVariant();
    const failure = buildDockerImage(docker, variant.dir, { baseImage: 'aws-basics-dojo/no-such-base:0' });
    await expect(failure).rejects.toMatchObject({
      name: 'ImagePipelineError',
      message: expect.stringMatching(/failed at Step \d+\/\d+ : FROM \$\{BASE_IMAGE\}: .+\n[^]*aws-basics-dojo\/no-such-base:0[^]*set KATA_DOCKER_BASE_IMAGE/),
      text: { ja: expect.stringContaining('KATA_DOCKER_BASE_IMAGE') },
    });
  }, BUILD_TIMEOUT_MS);
});

describe('building with docker build without Docker', () => {
  test('says Docker does not answer and what to do', async () => {
    const staged = await buildSampleImage();
    const missing = new Docker({ socketPath: '/nonexistent/docker.sock' });
    await expect(buildDockerImage(missing, staged.dir)).rejects.toMatchObject({
      name: 'ImagePipelineError',
      message: expect.stringMatching(/Docker does not answer at \/nonexistent\/docker\.sock .*builds the sample image.*KATA_RUNTIME=process/s),
    });
  }, BUILD_TIMEOUT_MS);
});

/** Runs a command in a throwaway container of the image (no network) and returns its stdout. */
async function runInImage(image: string, command: string[]): Promise<string> {
  const container = await docker.createContainer({ Image: image, Cmd: command, HostConfig: { NetworkMode: 'none' } });
  try {
    await container.start();
    await container.wait();
    const logs = await container.logs({ stdout: true, stderr: false });
    return demuxed(logs);
  } finally {
    await container.remove({ force: true });
  }
}

/** Docker's log frames (8-byte header, then the payload) joined as text. */
function demuxed(frames: Buffer): string {
  let text = '';
  for (let offset = 0; offset + 8 <= frames.length;) {
    const size = frames.readUInt32BE(offset + 4);
    text += frames.subarray(offset + 8, offset + 8 + size).toString('utf8');
    offset += 8 + size;
  }
  return text;
}
