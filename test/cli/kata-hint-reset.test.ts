import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ROOT } from '../run-dojo';
import { clean, runKata, workspaceWith } from './kata-cli';

// Each command is a fresh Node process that compiles the CLI as it loads: a few seconds.
jest.setTimeout(60_000);

const STARTER = fs.readFileSync(path.join(ROOT, 'katas/01-cidr-basics/solution.ts'));

describe('kata hint', () => {
  test('one more hint per call, the last one says so, then all are shown again with the README', async () => {
    const workspace = workspaceWith(['01-cidr-basics']);
    const hint = async () => {
      const { code, stdout } = await runKata(['hint', '01'], workspace.env);
      expect(code).toBe(0);
      return clean(stdout).trimEnd().split('\n');
    };
    expect(await hint()).toEqual([
      'Hint 1/3 for 01-cidr-basics:',
      '  A prefix length /n means the first n of the 32 bits are the network part. Draw the bits as the article does before writing code.',
    ]);
    expect((await hint())[0]).toBe('Hint 2/3 for 01-cidr-basics:');
    const third = await hint();
    expect(third[0]).toBe('Hint 3/3 for 01-cidr-basics:');
    expect(third[2]).toBe("That was the last hint. The kata's README explains the lesson step by step: katas/01-cidr-basics/README.md");
    const after = await hint();
    expect(after[0]).toBe('All 3 hints of 01-cidr-basics are already shown; there are no more:');
    expect(after.slice(1, 4).map((line) => line.slice(0, 5))).toEqual(['  1. ', '  2. ', '  3. ']);
    expect(after[4]).toBe("The kata's README explains the lesson step by step: katas/01-cidr-basics/README.md");
  });

  test('in Japanese, with the Japanese README', async () => {
    const workspace = workspaceWith(['01-cidr-basics']);
    const { stdout } = await runKata(['hint', '01-cidr'], { ...workspace.env, KATA_LANG: 'ja' });
    expect(clean(stdout).split('\n').slice(0, 2)).toEqual([
      'ヒント 1/3(01-cidr-basics):',
      '  プレフィックス長 /n は、32ビットのうち先頭nビットがネットワーク部という意味です。コードを書く前に、記事のようにビットを書き出してみましょう。',
    ]);
  });
});

describe('kata reset', () => {
  const edited = () => {
    const workspace = workspaceWith(['01-cidr-basics']);
    fs.appendFileSync(workspace.solution('01-cidr-basics'), '// my work\n');
    return workspace;
  };

  test('shows what would be lost and keeps the file when the answer is n', async () => {
    const workspace = edited();
    const { code, stdout } = await runKata(['reset', '01'], workspace.env, 'n\n');
    expect(code).toBe(0);
    const lines = clean(stdout, workspace).trimEnd().split('\n');
    expect(lines[0]).toBe('Resetting <dir>/01-cidr-basics/solution.ts loses your changes to the starter (lines with + are yours):');
    expect(lines[1]).toMatch(/^@@ -\d+,\d+ \+\d+,\d+ @@/);
    expect(lines).toContain('+// my work');
    expect(lines.at(-1)).toBe('Replace <dir>/01-cidr-basics/solution.ts with the starter? [y/N] Kept <dir>/01-cidr-basics/solution.ts as it is.');
    expect(fs.readFileSync(workspace.solution('01-cidr-basics'), 'utf8')).toBe(`${STARTER}// my work\n`);
  });

  test('restores the starter when the answer is y, and with --yes without asking', async () => {
    const asked = edited();
    const yes = await runKata(['reset', '01'], asked.env, 'y\n');
    expect(clean(yes.stdout, asked).trimEnd().split('\n').at(-1)).toBe(
      'Replace <dir>/01-cidr-basics/solution.ts with the starter? [y/N] <dir>/01-cidr-basics/solution.ts is the starter of 01-cidr-basics again.',
    );
    expect(fs.readFileSync(asked.solution('01-cidr-basics')).equals(STARTER)).toBe(true);

    const scripted = edited();
    const forced = await runKata(['reset', '01', '--yes'], scripted.env);
    expect(forced.code).toBe(0);
    expect(forced.stdout).not.toContain('[y/N]');
    expect(clean(forced.stdout, scripted).trimEnd().split('\n').at(-1)).toBe('<dir>/01-cidr-basics/solution.ts is the starter of 01-cidr-basics again.');
    expect(fs.readFileSync(scripted.solution('01-cidr-basics')).equals(STARTER)).toBe(true);

    const again = await runKata(['reset', '01'], scripted.env);
    expect(clean(again.stdout, scripted)).toBe('<dir>/01-cidr-basics/solution.ts is already the starter of 01-cidr-basics; nothing to reset.\n');
  });

  test('outside a git clone it says the starter cannot be found and what to do, and touches nothing', async () => {
    const workspace = edited();
    const notAClone = fs.mkdtempSync(path.join(os.tmpdir(), 'not-a-clone-'));
    const { code, stdout, stderr } = await runKata(['reset', '01', '--yes'], { ...workspace.env, GIT_DIR: notAClone }, 'y\n');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(clean(stderr, workspace).split(notAClone).join('<git>')).toMatch(
      /^The starter of 01-cidr-basics \(git object [0-9a-f]{40}\) is not in this project's git repository \(git says: fatal: not a git repository: .*\)\. This folder is probably not a git clone, or its history was not fetched\. <dir>\/01-cidr-basics\/solution\.ts is untouched\. Clone the dojo's repository with git/,
    );
    expect(fs.readFileSync(workspace.solution('01-cidr-basics'), 'utf8')).toBe(`${STARTER}// my work\n`);
  });
});
