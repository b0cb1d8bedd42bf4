import * as fs from 'node:fs';
import { loadManifest } from '../../harness/kata/manifest';
import { recordRun, sha256 } from '../../harness/cli/kata/progress-store';
import { clean, copyReference, runKata, workspaceWith, type Workspace } from './kata-cli';

const ids = loadManifest().map((kata) => kata.id);
// Each command is a fresh Node process that compiles the CLI as it loads: a few seconds.
jest.setTimeout(30_000);

async function list(workspace: Workspace, args: string[] = []): Promise<string[]> {
  const { code, stdout, stderr } = await runKata(['list', ...args], workspace.env);
  expect(stderr).toBe('');
  expect(code).toBe(0);
  return clean(stdout, workspace).trimEnd().split('\n');
}

const record = (workspace: Workspace, id: string, outcome: 'pass' | 'fail') =>
  recordRun(workspace.progressFile, id, outcome, sha256(fs.readFileSync(workspace.solution(id))), () => {
    throw new Error('the progress file should be readable');
  });

describe('kata list', () => {
  test('fresh: every kata not started, an empty progress bar, kata 01 next', async () => {
    const workspace = workspaceWith(ids);
    const lines = await list(workspace);
    expect(lines.slice(0, 3)).toEqual([
      'Katas (your solutions in <dir>/)',
      '  · 01-cidr-basics                  vpc  not started           CIDR basics: masks, bits and address blocks',
      '  · 02-create-vpc                   vpc  not started           Create a VPC',
    ]);
    expect(lines.slice(1, 18).filter((line) => line.includes('  not started  '))).toHaveLength(17);
    expect(lines.slice(18)).toEqual(['', 'Progress: [>----------------] 0/17', 'Next: 01-cidr-basics — CIDR basics: masks, bits and address blocks', '  npm run kata -- watch 01']);
  });

  test('after a recorded pass the kata is solved; after an edit it is not, until it runs again', async () => {
    const workspace = workspaceWith(ids);
    copyReference(workspace, '01-cidr-basics');
    record(workspace, '01-cidr-basics', 'pass');
    copyReference(workspace, '02-create-vpc');
    record(workspace, '02-create-vpc', 'fail');
    let lines = await list(workspace);
    expect(lines.slice(1, 4)).toEqual([
      '  ✓ 01-cidr-basics                  vpc  solved                CIDR basics: masks, bits and address blocks',
      '  ✗ 02-create-vpc                   vpc  failing               Create a VPC',
      '  · 03-subnets-in-two-azs           vpc  not started           Two /20 subnets in two Availability Zones',
    ]);
    expect(lines.slice(18)).toEqual(['', 'Progress: [#>---------------] 1/17', 'Next: 02-create-vpc — Create a VPC', '  npm run kata -- watch 02']);

    fs.appendFileSync(workspace.solution('01-cidr-basics'), '\n// tidied up\n');
    lines = await list(workspace);
    expect(lines[1]).toBe('  ~ 01-cidr-basics                  vpc  changed, not run yet  CIDR basics: masks, bits and address blocks');
    expect(lines.slice(18)).toEqual(['', 'Progress: [>----------------] 0/17', 'Next: 01-cidr-basics — CIDR basics: masks, bits and address blocks', '  npm run kata -- watch 01']);
  });

  test('in Japanese (--lang ja)', async () => {
    const workspace = workspaceWith(ids);
    const lines = await list(workspace, ['--lang', 'ja']);
    expect(lines.slice(0, 2)).toEqual(['カタ一覧(解答は <dir>/ にあります)', '  · 01-cidr-basics                  vpc  未着手            CIDRの基礎: サブネットマスク・ビット・アドレス範囲']);
    expect(lines.slice(18)).toEqual(['', '進捗: [>----------------] 0/17', '次のカタ: 01-cidr-basics — CIDRの基礎: サブネットマスク・ビット・アドレス範囲', '  npm run kata -- watch 01']);
  });

  test('a progress file it cannot read is kept aside, said, and progress starts fresh', async () => {
    const workspace = workspaceWith(['01-cidr-basics']);
    fs.writeFileSync(workspace.progressFile, '{"katas": oops');
    const { code, stdout, stderr } = await runKata(['list'], workspace.env);
    expect(code).toBe(0);
    const backups = fs.readdirSync(workspace.dir).filter((name) => name.startsWith('progress.json.unreadable-'));
    expect(backups).toHaveLength(1);
    expect(fs.readFileSync(`${workspace.dir}/${backups[0]}`, 'utf8')).toBe('{"katas": oops');
    expect(clean(stderr, workspace).replace(backups[0], '<backup>').replace(/\(.*?JSON.*?\)/, '(<why>)')).toBe(
      'The progress file <dir>/progress.json could not be read (<why>). It is kept as <dir>/<backup>; progress starts fresh (solutions are untouched; run a kata to record it again).\n',
    );
    expect(clean(stdout, workspace)).toContain('  · 01-cidr-basics                  vpc  not started');
  });
});
