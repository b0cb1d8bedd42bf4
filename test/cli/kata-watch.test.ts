import { copyReference, runKata, startKata, clean, workspaceWith, type KataProcess, type Workspace } from './kata-cli';

// Each session starts a local cloud (a moto server) and runs kata 01 twice; 01 makes no AWS calls.
jest.setTimeout(180_000);
const RUN_MS = 90_000;

const TEST_NAMES = [
  "netmask: the article's masks, /16 → 255.255.0.0 and /20 → 255.255.240.0",
  'netmask: every prefix length from 0 to 32',
  "toDottedBinary: the article's pictures of 10.0.0.0, 255.255.0.0 and 255.255.240.0",
  'toDottedBinary: any address or mask',
  "contains: the article's /20 subnets inside the /16 VPC, and blocks that are not inside",
  'contains: edge cases (the same block, the last /20, single addresses, the high bit)',
  "split: the article's 10.0.0.0/16 VPC into /20 subnets",
  'split: other blocks and sizes (one block, /0, /32, thousands of blocks)',
];

let session: KataProcess | undefined;
afterEach(() => session?.stop());

/** The moto server the session started, read from its "ready" line. */
const backendUrl = (kata: KataProcess) => /(http:\/\/127\.0\.0\.1:\d+)/.exec(clean(kata.stdout))![1];

async function stillAnswers(url: string): Promise<boolean> {
  try {
    await fetch(url, { signal: AbortSignal.timeout(2000) });
    return true;
  } catch {
    return false;
  }
}

/** Starts `kata watch 01` on a folder holding 01's starter, and waits for the first verdict. */
async function watchStarter(workspace: Workspace, args: string[], env: NodeJS.ProcessEnv = {}): Promise<KataProcess> {
  session = startKata(['watch', '01', ...args], { ...workspace.env, ...env });
  await session.waitFor(/runs the kata again|を実行し直します/, RUN_MS);
  return session;
}

/** Saves the reference solution over the starter and waits for the screen that follows. */
async function solve(kata: KataProcess, workspace: Workspace): Promise<void> {
  const before = kata.stdout.length;
  copyReference(workspace, '01-cidr-basics');
  await kata.waitFor(/runs the kata again|を実行し直します/, RUN_MS, before);
}

describe.each([
  ['native file watching', [] as string[], 'watching the file'],
  ['polling (--poll)', ['--poll'], 'checking the file every 0.3 s'],
])('kata watch with %s', (_, args, how) => {
  test('explains the failing starter, says "Kata done ✓" once the solution is saved, answers h, l and n, and quits on q', async () => {
    const workspace = workspaceWith(['01-cidr-basics']);
    const kata = await watchStarter(workspace, args);
    const red = kata.screen(workspace);
    expect(red.slice(0, 7)).toEqual([
      '01-cidr-basics — CIDR basics: masks, bits and address blocks',
      'Your solution: <dir>/01-cidr-basics/solution.ts',
      '',
      '✗ Not solved yet: 8 of 8 checks fail.',
      '',
      `✗ ${TEST_NAMES[0]}`,
      '    netmask gave 2 wrong answers in 2 calls:',
    ]);
    expect(red.filter((line) => line.startsWith('✗ ') && !line.startsWith('✗ Not'))).toEqual(TEST_NAMES.map((name) => `✗ ${name}`));
    expect(red.slice(-4)).toEqual([
      '',
      'Progress: [>----------------] 0/17',
      'Keys: h next hint · n next kata · l list · q quit',
      `Each save of <dir>/01-cidr-basics/solution.ts runs the kata again (${how}).`,
    ]);
    expect(red.join('\n')).not.toContain('Kata done');

    await solve(kata, workspace);
    expect(kata.screen(workspace)).toEqual([
      '01-cidr-basics — CIDR basics: masks, bits and address blocks',
      'Your solution: <dir>/01-cidr-basics/solution.ts',
      '',
      '✓ All 8 checks pass.',
      '',
      'Kata done ✓',
      'Compare with the reference solution: solutions/01-cidr-basics/solution.ts',
      '',
      'Progress: [#>---------------] 1/17',
      'Keys: h next hint · n next kata · l list · q quit',
      `Each save of <dir>/01-cidr-basics/solution.ts runs the kata again (${how}).`,
    ]);

    const beforeHint = kata.stdout.length;
    kata.press('h');
    await kata.waitFor(/Hint 1\/3 for 01-cidr-basics:\n {2}A prefix length \/n means/, 10_000, beforeHint);
    const beforeList = kata.stdout.length;
    kata.press('l');
    await kata.waitFor(/ {2}✓ 01-cidr-basics +vpc +solved +CIDR basics[^\n]*\n {2}! 02-create-vpc +vpc +no solution\.ts/, 10_000, beforeList);
    // The folder holds only kata 01: the next kata has no solution to run.
    const beforeNext = kata.stdout.length;
    kata.press('n');
    await kata.waitFor(/There is no solution at .*\/02-create-vpc\/solution\.ts\. Put the starter back with: npm run kata -- reset 02/, 10_000, beforeNext);
    const backend = backendUrl(kata);
    kata.press('q');
    expect(await kata.exited(30_000)).toBe(0);
    expect(clean(kata.stdout, workspace).trimEnd().split('\n').slice(-2)).toEqual(['Stopping the local AWS…', 'Stopped. Your progress is kept in <dir>/progress.json.']);
    expect(await stillAnswers(backend)).toBe(false);

    // The session recorded the pass: the list says 01 is solved.
    const list = await runKata(['list'], workspace.env);
    expect(clean(list.stdout, workspace).split('\n')[1]).toBe('  ✓ 01-cidr-basics                  vpc  solved                CIDR basics: masks, bits and address blocks');
  });
});

test('kata watch in Japanese (KATA_LANG=ja, polling from KATA_WATCH_POLL=1) stops its local cloud on SIGTERM', async () => {
  const workspace = workspaceWith(['01-cidr-basics']);
  const kata = await watchStarter(workspace, [], { KATA_LANG: 'ja', KATA_WATCH_POLL: '1' });
  const red = kata.screen(workspace);
  expect(red.slice(0, 4)).toEqual([
    '01-cidr-basics — CIDRの基礎: サブネットマスク・ビット・アドレス範囲',
    '解答ファイル: <dir>/01-cidr-basics/solution.ts',
    '',
    '✗ まだ解けていません: 8 件中 8 件のチェックが不合格です。',
  ]);
  expect(red).toContain('    netmask は 2 回の呼び出しのうち 2 回、誤った値を返しました:');
  expect(red.slice(-3)).toEqual([
    '進捗: [>----------------] 0/17',
    'キー: h 次のヒント · n 次のカタ · l 一覧 · q 終了',
    '<dir>/01-cidr-basics/solution.ts を保存するたびにカタを実行し直します(0.3 秒ごとにファイルを確認中)。',
  ]);

  await solve(kata, workspace);
  expect(kata.screen(workspace).slice(3, 9)).toEqual([
    '✓ 8 件のチェックにすべて合格しました。',
    '',
    'カタ完了 ✓',
    '模範解答と比べてみましょう: solutions/01-cidr-basics/solution.ts',
    '',
    '進捗: [#>---------------] 1/17',
  ]);

  const beforeHint = kata.stdout.length;
  kata.press('h');
  await kata.waitFor(/ヒント 1\/3\(01-cidr-basics\):\n {2}プレフィックス長/, 10_000, beforeHint);
  const backend = backendUrl(kata);
  kata.child.kill('SIGTERM');
  expect(await kata.exited(30_000)).toBe(143);
  expect(clean(kata.stdout)).toContain('SIGTERM: ローカル AWS を停止します。');
  expect(await stillAnswers(backend)).toBe(false);
});
