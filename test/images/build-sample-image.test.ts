import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { buildSampleImage, COMPLETE_MARKER, SAMPLE_SOURCE_DIR, UNUSED_IMAGE_MS } from '../../harness/images/build-sample-image';
import { readImageContent } from '../../harness/images/image-content';

const BUILD_TIMEOUT_MS = 180_000;
const temps: string[] = [];
afterAll(() => Promise.all(temps.map((dir) => rm(dir, { recursive: true, force: true }))));

async function tempDir(prefix: string): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), prefix));
  temps.push(dir);
  return dir;
}

describe('building the sample image for the process runtime', () => {
  test('the same files give the same digest, and a complete staged build is reused', async () => {
    const first = await buildSampleImage();
    const second = await buildSampleImage();
    expect(second).toEqual({ digest: first.digest, dir: first.dir, reused: true });
    expect(first.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(path.basename(first.dir)).toBe(first.digest.slice('sha256:'.length));
    expect(existsSync(path.join(first.dir, COMPLETE_MARKER))).toBe(true);
    expect(existsSync(path.join(first.dir, 'node_modules', '@aws-sdk', 'client-ecr', 'package.json'))).toBe(true);

    // A copy elsewhere, with other mtimes, hashes alike: only names and contents count.
    const copy = await tempDir('dojo-image-same-');
    await cp(SAMPLE_SOURCE_DIR, copy, { recursive: true });
    expect((await readImageContent(copy)).digest).toBe(first.digest);
  }, BUILD_TIMEOUT_MS);

  test('a changed index.js gives a new digest; two builds at once of it leave one complete folder', async () => {
    const source = await tempDir('dojo-image-changed-');
    await cp(SAMPLE_SOURCE_DIR, source, { recursive: true });
    const original = await readFile(path.join(source, 'index.js'), 'utf8');
    await writeFile(path.join(source, 'index.js'), `${original}\nconsole.log('changed');\n`);
    const imagesDir = await tempDir('dojo-images-');

    const [one, two] = await Promise.all([buildSampleImage({ sourceDir: source, imagesDir }), buildSampleImage({ sourceDir: source, imagesDir })]);
    const unchanged = await readImageContent(SAMPLE_SOURCE_DIR);
    expect(one.digest).not.toBe(unchanged.digest);
    expect(two.digest).toBe(one.digest);
    expect(two.dir).toBe(one.dir);
    expect(await readdir(imagesDir)).toEqual([path.basename(one.dir)]); // no half-built folder left
    expect(await readFile(path.join(one.dir, 'index.js'), 'utf8')).toContain("console.log('changed')");
    expect(existsSync(path.join(one.dir, COMPLETE_MARKER))).toBe(true);
  }, BUILD_TIMEOUT_MS);

  test('a staged folder without its completion marker is built again', async () => {
    const imagesDir = await tempDir('dojo-images-interrupted-');
    const { digest } = await readImageContent(SAMPLE_SOURCE_DIR);
    const interrupted = path.join(imagesDir, digest.slice('sha256:'.length));
    await cp(SAMPLE_SOURCE_DIR, interrupted, { recursive: true }); // files, but no node_modules and no marker

    const built = await buildSampleImage({ imagesDir });
    expect(built).toMatchObject({ dir: interrupted, reused: false });
    expect(existsSync(path.join(interrupted, 'node_modules', '@aws-sdk', 'client-ecr'))).toBe(true);
  }, BUILD_TIMEOUT_MS);

  test('a build removes staged images unused for 14 days and keeps the others', async () => {
    const imagesDir = await tempDir('dojo-images-prune-');
    const stale = path.join(imagesDir, 'a'.repeat(64));
    const recent = path.join(imagesDir, 'b'.repeat(64));
    for (const dir of [stale, recent]) {
      await mkdir(dir, { recursive: true });
      await writeFile(path.join(dir, COMPLETE_MARKER), 'sha256:x\n');
    }
    const longAgo = new Date(Date.now() - UNUSED_IMAGE_MS - 60_000);
    await utimes(path.join(stale, COMPLETE_MARKER), longAgo, longAgo);

    const built = await buildSampleImage({ imagesDir });
    expect(existsSync(stale)).toBe(false);
    expect(existsSync(recent)).toBe(true);
    expect(existsSync(built.dir)).toBe(true);
  }, BUILD_TIMEOUT_MS);

  test('a folder missing one of the image files is refused with the file and the rule', async () => {
    const source = await tempDir('dojo-image-incomplete-');
    await cp(SAMPLE_SOURCE_DIR, source, { recursive: true });
    await rm(path.join(source, 'package-lock.json'));
    await expect(buildSampleImage({ sourceDir: source, imagesDir: await tempDir('dojo-images-') })).rejects.toMatchObject({
      name: 'ImagePipelineError',
      message: expect.stringContaining('reading package-lock.json failed'),
    });
  });
});
