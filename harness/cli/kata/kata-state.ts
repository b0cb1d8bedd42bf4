import * as fs from 'node:fs';
import type { KataManifestEntry } from '../../kata/manifest';
import { gitBlobId } from './git-blob';
import { kataProgress, sha256, type Progress } from './progress-store';
import { solutionFile, type Workspace } from './workspace';

/**
 * - not-started: solution.ts is byte for byte the starter;
 * - solved / failing: the last run of this very solution passed / did not;
 * - unverified: changed since its last run (or never run): it counts as not solved;
 * - missing: there is no solution.ts.
 */
export type KataState = 'solved' | 'failing' | 'unverified' | 'not-started' | 'missing';

export interface KataStatus {
  kata: KataManifestEntry;
  state: KataState;
}

export function kataStatus(kata: KataManifestEntry, workspace: Workspace, progress: Progress): KataStatus {
  let content: Buffer;
  try {
    content = fs.readFileSync(solutionFile(workspace, kata.id));
  } catch {
    return { kata, state: 'missing' };
  }
  if (gitBlobId(content) === kata.starterBlob) return { kata, state: 'not-started' };
  const last = kataProgress(progress, kata.id).last;
  if (!last || last.solutionSha256 !== sha256(content)) return { kata, state: 'unverified' };
  return { kata, state: last.outcome === 'pass' ? 'solved' : 'failing' };
}

export function allStatuses(manifest: KataManifestEntry[], workspace: Workspace, progress: Progress): KataStatus[] {
  return manifest.map((kata) => kataStatus(kata, workspace, progress));
}

/** The first kata not solved after `after` (in the manifest's order, wrapping round), if any. */
export function nextKata(statuses: KataStatus[], after?: string): KataManifestEntry | undefined {
  const start = after ? statuses.findIndex((status) => status.kata.id === after) + 1 : 0;
  const ordered = [...statuses.slice(start), ...statuses.slice(0, start)];
  return ordered.find((status) => status.state !== 'solved' && status.kata.id !== after)?.kata;
}
