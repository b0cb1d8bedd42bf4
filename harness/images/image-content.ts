import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { ImagePipelineError } from './image-error';

/** The files that make the sample image: what `docker build` would COPY, and the Dockerfile. */
export const IMAGE_FILES = ['Dockerfile', 'index.js', 'package-lock.json', 'package.json'] as const;

const FORMAT_TAG = 'aws-basics-dojo-image-content/1\n';

export interface ImageContent {
  /** File name → bytes, for exactly IMAGE_FILES. */
  files: Map<string, Buffer>;
  /** The canonical serialization below; its sha256 is `digest`. */
  bytes: Buffer;
  /** `sha256:<64 hex>` over `bytes`. */
  digest: string;
}

/**
 * Reads IMAGE_FILES from `dir` and serializes them canonically:
 *
 *   aws-basics-dojo-image-content/1\n
 *   then, per file in sorted name order:  <name>\n<size in bytes>\n<bytes>\n
 *
 * Names are fixed and sorted and every content is length-prefixed, so the bytes depend only on
 * the files' names and contents (not on mtimes, permissions, the folder or the machine), and no
 * two different sets of files serialize alike. The version tag lets the format change later
 * without colliding with digests made by this one.
 */
export async function readImageContent(dir: string): Promise<ImageContent> {
  const files = new Map<string, Buffer>();
  for (const name of [...IMAGE_FILES].sort()) {
    try {
      files.set(name, await readFile(path.join(dir, name)));
    } catch (error) {
      throw new ImagePipelineError({
        en: `Cannot build the sample image from ${dir}: reading ${name} failed (${(error as Error).message}). ` +
          `An image is made of ${IMAGE_FILES.join(', ')}; put all of them in that folder (the project's container/ has them).`,
        ja: `${dir} からサンプルイメージを作れません: ${name} を読めませんでした(${(error as Error).message})。` +
          `イメージは ${IMAGE_FILES.join('、')} から作ります。すべてをそのフォルダーに置いてください(プロジェクトの container/ にあります)。`,
      }, { cause: error });
    }
  }
  const parts: Buffer[] = [Buffer.from(FORMAT_TAG)];
  for (const [name, content] of files) parts.push(Buffer.from(`${name}\n${content.length}\n`), content, Buffer.from('\n'));
  const bytes = Buffer.concat(parts);
  return { files, bytes, digest: sha256Digest(bytes) };
}

export function sha256Digest(bytes: Buffer | string): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}
