import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { PROJECT_ROOT } from '../../paths';

/** The id git gives these bytes as a blob (`git hash-object`), computed without git. */
export function gitBlobId(content: Buffer): string {
  return createHash('sha1').update(`blob ${content.length}\0`).update(content).digest('hex');
}

/** The blob's bytes from the project's git repository, or why git could not give them. */
export function readGitBlob(blobId: string): { content: Buffer } | { problem: string } {
  const git = spawnSync('git', ['cat-file', 'blob', blobId], { cwd: PROJECT_ROOT, maxBuffer: 16 * 1024 * 1024 });
  if (git.error) return { problem: git.error.message };
  if (git.status !== 0) return { problem: git.stderr.toString().trim() || `git cat-file exited with ${git.status}` };
  return { content: git.stdout };
}
