import type { CliContext } from './cli-context';
import { findKata } from './kata-ids';
import { kataProgress } from './progress-store';
import { bold, say } from './terminal';

/** `kata hint <id>`: one more hint each call, then says there are no more and points to the README. */
export function hintCommand(context: CliContext, word: string): number {
  const kata = findKata(word, context.manifest);
  const hints = kata.hints[context.language];
  let shown = 0;
  let isNew = false;
  context.updateProgress((progress) => {
    const before = kataProgress(progress, kata.id);
    isNew = before.hintsShown < hints.length;
    shown = Math.min(before.hintsShown + 1, hints.length);
    progress.katas[kata.id] = { ...before, hintsShown: shown };
  });
  say(hintText(context, kata.id, hints, shown, isNew));
  return 0;
}

/** The hint just shown (or, once all are shown, all of them again), as `kata hint` and the `h` key of watch print it. */
export function hintText(context: CliContext, id: string, hints: string[], shown: number, isNew: boolean): string {
  const total = hints.length;
  const readme = `katas/${id}/${context.language === 'ja' ? 'README.ja.md' : 'README.md'}`;
  if (!isNew) {
    const all = hints.map((hint, index) => `  ${index + 1}. ${hint}`).join('\n');
    return context.text({
      en: `All ${total} hints of ${id} are already shown; there are no more:\n${all}\nThe kata's README explains the lesson step by step: ${readme}`,
      ja: `${id} のヒント ${total} 個はすべて表示済みです。これ以上はありません:\n${all}\nカタの README に考え方が順を追って書かれています: ${readme}`,
    });
  }
  const heading = bold(context.text({ en: `Hint ${shown}/${total} for ${id}:`, ja: `ヒント ${shown}/${total}(${id}):` }));
  const last =
    shown === total
      ? `\n${context.text({ en: `That was the last hint. The kata's README explains the lesson step by step: ${readme}`, ja: `これが最後のヒントです。カタの README に考え方が順を追って書かれています: ${readme}` })}`
      : '';
  return `${heading}\n  ${hints[shown - 1]}${last}`;
}
