import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { ROOT } from './run-dojo';

test('no moto process or gateway port survives a run, whether it ends or is interrupted', () => {
  const check = spawnSync(process.execPath, [path.join(ROOT, 'scripts/check-cleanup.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  expect(check.stdout).not.toContain('FAIL');
  expect(check.stdout).toContain('ok   Ctrl-C mid-run');
  expect(check.status).toBe(0);
}, 320_000);
