import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { PROJECT_ROOT } from '../paths';
import { readImageContent } from './image-content';
import { ImagePipelineError } from './image-error';

export const SAMPLE_SOURCE_DIR = path.join(PROJECT_ROOT, 'container');
export const IMAGES_DIR = path.join(PROJECT_ROOT, '.dojo', 'images');

/** Written last into a staged image: a folder without it is an interrupted build. */
export const COMPLETE_MARKER = '.dojo-image-complete';
// npm waits 5 minutes on a registry response that never comes, then retries: a stalled connection
// would hold a build (and the run waiting on it) for a quarter of an hour. A minute per request,
// and the whole install bounded by NPM_CI_TIMEOUT_MS.
const NPM_ARGS = ['ci', '--omit=dev', '--no-audit', '--no-fund', '--loglevel=error', '--fetch-timeout=60000', '--fetch-retry-maxtimeout=10000'];
const NPM_CI_TIMEOUT_MS = 5 * 60_000;
/** Builds older than this left behind by a killed process are removed; no live build takes so long. */
const STALE_BUILD_MS = 30 * 60_000;
/** A staged image not built or reused for this long is removed (each one holds a node_modules). */
export const UNUSED_IMAGE_MS = 14 * 24 * 60 * 60_000;

export interface BuiltImage {
  /** `sha256:<hex>` of the image's files (see readImageContent); same files, same digest. */
  digest: string;
  /** The staged folder the process runtime runs: `<imagesDir>/<hex>/`, with node_modules. */
  dir: string;
  /** True when a complete earlier build of the same content was reused. */
  reused: boolean;
}

export interface BuildOptions {
  /** The folder to build (default: the project's container/). */
  sourceDir?: string;
  /** Where staged images live (default: .dojo/images/ in the project). */
  imagesDir?: string;
}

/**
 * "Builds" the sample image for the process runtime: a copy of its files with `npm ci --omit=dev`
 * run in it, staged under the content digest. Safe to call from several Jest workers at once:
 * each builds in its own temporary folder and renames it into place, so a reader only ever sees
 * a complete folder.
 */
export async function buildSampleImage(options: BuildOptions = {}): Promise<BuiltImage> {
  const sourceDir = path.resolve(options.sourceDir ?? SAMPLE_SOURCE_DIR);
  const imagesDir = path.resolve(options.imagesDir ?? IMAGES_DIR);
  const content = await readImageContent(sourceDir);
  const hex = content.digest.slice('sha256:'.length);
  const dir = path.join(imagesDir, hex);
  if (isComplete(dir)) {
    await markUsed(dir);
    return { digest: content.digest, dir, reused: true };
  }

  await mkdir(imagesDir, { recursive: true });
  await removeStaleBuilds(imagesDir);
  await removeUnusedImages(imagesDir);
  const temp = await mkdtemp(path.join(imagesDir, `.build-${hex.slice(0, 12)}-`));
  try {
    // The copy is written from the bytes that were hashed, so it matches its digest even if
    // the source changes meanwhile.
    for (const [name, bytes] of content.files) await writeFile(path.join(temp, name), bytes);
    await npmCi(temp, sourceDir);
    await writeFile(path.join(temp, COMPLETE_MARKER), `${content.digest}\n`);
    await moveIntoPlace(temp, dir);
    return { digest: content.digest, dir, reused: false };
  } finally {
    await rm(temp, { recursive: true, force: true });
  }
}

/** The staged folder of the image with this content digest (sha256:…), when its build completed. */
export function stagedImageDir(digest: string, imagesDir: string = IMAGES_DIR): string | undefined {
  if (!digest.startsWith('sha256:')) return undefined;
  const dir = path.join(path.resolve(imagesDir), digest.slice('sha256:'.length));
  return isComplete(dir) ? dir : undefined;
}

function isComplete(dir: string): boolean {
  return existsSync(path.join(dir, COMPLETE_MARKER));
}

/** A reused image's marker is touched: its age is the time since it was last built or pushed. */
async function markUsed(dir: string): Promise<void> {
  const now = new Date();
  await utimes(path.join(dir, COMPLETE_MARKER), now, now).catch(() => undefined);
}

/** Removes staged images unused for UNUSED_IMAGE_MS; a task that needs one again gets CannotPullContainerError and a push rebuilds it. */
async function removeUnusedImages(imagesDir: string): Promise<void> {
  for (const name of await readdir(imagesDir)) {
    if (!/^[0-9a-f]{64}$/.test(name)) continue;
    const marker = await stat(path.join(imagesDir, name, COMPLETE_MARKER)).catch(() => undefined);
    if (marker && Date.now() - marker.mtimeMs > UNUSED_IMAGE_MS) await rm(path.join(imagesDir, name), { recursive: true, force: true });
  }
}

async function moveIntoPlace(temp: string, dir: string): Promise<void> {
  try {
    await rename(temp, dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EEXIST' && code !== 'ENOTEMPTY' && code !== 'EPERM') throw error;
    if (isComplete(dir)) return; // another worker finished the same build first
    // A folder without the marker is not ours to trust (left by an older, non-atomic build).
    await rm(dir, { recursive: true, force: true });
    await rename(temp, dir);
  }
}

async function removeStaleBuilds(imagesDir: string): Promise<void> {
  for (const name of await readdir(imagesDir)) {
    if (!name.startsWith('.build-')) continue;
    const entry = path.join(imagesDir, name);
    const age = Date.now() - (await stat(entry).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
    if (age > STALE_BUILD_MS) await rm(entry, { recursive: true, force: true });
  }
}

/** Runs npm ci quietly; its output is shown only when it fails. */
function npmCi(dir: string, sourceDir: string): Promise<void> {
  const command = `npm ${NPM_ARGS.join(' ')}`;
  const env = { ...process.env };
  // Set by a parent `npm test`; a nested npm must install here, not into the project.
  for (const key of Object.keys(env)) if (/^npm_(config_(local_|global_)?prefix$|package_|lifecycle_)/i.test(key)) delete env[key];
  return new Promise((resolve, reject) => {
    const child = spawn('npm', [...NPM_ARGS, '--prefix', dir], { cwd: dir, env, shell: process.platform === 'win32', stdio: ['ignore', 'pipe', 'pipe'] });
    const output: Buffer[] = [];
    let timedOut = false;
    // SIGKILL: npm answers SIGTERM by waiting for the very requests that stalled.
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, NPM_CI_TIMEOUT_MS);
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(new ImagePipelineError({
        en: `Building the sample image from ${sourceDir} failed: \`${command}\` could not start (${error.message}). ` +
          'The process runtime installs the image\'s dependencies with npm, which comes with Node.js: make sure `npm --version` works in this shell.',
        ja: `${sourceDir} からのサンプルイメージのビルドに失敗しました: \`${command}\` を起動できません(${error.message})。` +
          'プロセスランタイムはイメージの依存パッケージを npm で入れます(Node.js に付属)。このシェルで `npm --version` が動くか確かめてください。',
      }, { cause: error }));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) return resolve();
      const said = Buffer.concat(output).toString('utf8').trim().split('\n').slice(-40).join('\n') || '(no output)';
      const minutes = NPM_CI_TIMEOUT_MS / 60_000;
      const how = timedOut
        ? { en: `did not finish within ${minutes} minutes and was stopped (did the registry stop answering?)`, ja: `${minutes} 分以内に終わらず、停止しました(レジストリが応答しなくなった可能性があります)` }
        : signal
          ? { en: `was stopped by ${signal}`, ja: `${signal} で停止しました` }
          : { en: `exited with code ${code}`, ja: `終了コード ${code} で終了しました` };
      reject(new ImagePipelineError({
        en: `Building the sample image from ${sourceDir} failed: \`${command}\` ${how.en}. npm said:\n${said}\n` +
          'It installs the packages pinned in package-lock.json from the npm registry: check your network (or proxy/registry settings in ~/.npmrc), ' +
          `and that package.json and package-lock.json agree (run \`npm install\` in ${sourceDir} after editing package.json). Then run the tests again.`,
        ja: `${sourceDir} からのサンプルイメージのビルドに失敗しました: \`${command}\` が失敗しました(${how.ja})。npm の出力:\n${said}\n` +
          'package-lock.json に固定されたパッケージを npm レジストリから入れます。ネットワーク(または ~/.npmrc のプロキシやレジストリ設定)と、' +
          `package.json と package-lock.json が一致しているか(package.json を編集したら ${sourceDir} で \`npm install\`)を確かめ、もう一度テストを実行してください。`,
      }));
    });
  });
}
