import { spawnSync } from 'node:child_process';

/** The docker CLI, for tests that arrange or inspect the engine's state; throws with docker's own words when it fails. */
export function docker(args: string[], input?: string): string {
  const run = spawnSync('docker', args, { encoding: 'utf8', input, timeout: 30_000 });
  if (run.status !== 0) throw new Error(`docker ${args.join(' ')} failed (exit ${run.status}): ${run.stderr || run.error?.message}`);
  return run.stdout;
}
