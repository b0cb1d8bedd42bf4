import * as fs from 'node:fs';
import * as path from 'node:path';
import { askYesNo } from './ask';
import type { CliContext } from './cli-context';
import { CliError } from './cli-error';
import { readGitBlob } from './git-blob';
import { findKata } from './kata-ids';
import { diffFromStarter } from './starter-diff';
import { bold, say } from './terminal';
import { shownPath, solutionFile } from './workspace';

/** `kata reset <id> [--yes]`: shows what would be lost, asks, then puts the starter back. */
export async function resetCommand(context: CliContext, word: string, yes: boolean): Promise<number> {
  const kata = findKata(word, context.manifest);
  const file = solutionFile(context.workspace, kata.id);
  const shown = shownPath(file);
  const blob = readGitBlob(kata.starterBlob);
  if ('problem' in blob)
    throw new CliError(
      {
        en: `The starter of ${kata.id} (git object ${kata.starterBlob}) is not in this project's git repository (git says: ${blob.problem}). This folder is probably not a git clone, or its history was not fetched. ${shown} is untouched. Clone the dojo's repository with git (or run \`git fetch\` in it) and run this again, or copy katas/${kata.id}/solution.ts from a fresh clone.`,
        ja: `${kata.id} のスターター(git オブジェクト ${kata.starterBlob})がこのプロジェクトの git リポジトリにありません(git のメッセージ: ${blob.problem})。このフォルダが git clone ではないか、履歴が取得されていないようです。${shown} は変更していません。道場のリポジトリを git で clone して(またはそこで \`git fetch\` して)もう一度実行するか、新しく clone したものから katas/${kata.id}/solution.ts をコピーしてください。`,
      },
      1,
    );
  if (!fs.existsSync(file)) {
    writeStarter(file, blob.content);
    say(context.text({ en: `${shown} did not exist; the starter of ${kata.id} is back.`, ja: `${shown} がなかったので、${kata.id} のスターターを戻しました。` }));
    return 0;
  }
  if (fs.readFileSync(file).equals(blob.content)) {
    say(context.text({ en: `${shown} is already the starter of ${kata.id}; nothing to reset.`, ja: `${shown} はすでに ${kata.id} のスターターです。リセットするものはありません。` }));
    return 0;
  }
  say(bold(context.text({ en: `Resetting ${shown} loses your changes to the starter (lines with + are yours):`, ja: `${shown} をリセットすると、スターターからの変更が失われます(+ の行があなたの変更です):` })));
  say(diffFromStarter(blob.content, file));
  const confirmed = yes || (await askYesNo(context.text({ en: `Replace ${shown} with the starter? [y/N] `, ja: `${shown} をスターターに戻しますか? [y/N] ` })));
  if (!confirmed) {
    say(context.text({ en: `Kept ${shown} as it is.`, ja: `${shown} はそのままにしました。` }));
    return 0;
  }
  writeStarter(file, blob.content);
  say(context.text({ en: `${shown} is the starter of ${kata.id} again.`, ja: `${shown} を ${kata.id} のスターターに戻しました。` }));
  return 0;
}

function writeStarter(file: string, starter: Buffer): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, starter);
}
