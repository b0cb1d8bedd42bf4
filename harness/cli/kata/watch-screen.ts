import type { KataResult } from '../../grading/kata-result';
import type { Language } from '../../i18n';
import { localize } from '../../i18n';
import type { KataManifestEntry } from '../../kata/manifest';
import { progressBar } from './progress-bar';
import { bold, CLEAR_SCREEN, cyan, dim, green, red } from './terminal';
import { referenceSolutionPath } from './workspace';

export interface WatchScreen {
  kata: KataManifestEntry;
  /** The solution file as the learner would type it. */
  solution: string;
  result: KataResult;
  solved: number;
  total: number;
  hintsShown: number;
  /** How saves are noticed: events from the OS, or checking the file's time every so often. */
  polling: boolean;
  language: Language;
}

export const KEY_LEGEND = { en: 'Keys: h next hint · n next kata · l list · q quit', ja: 'キー: h 次のヒント · n 次のカタ · l 一覧 · q 終了' };

/** What watch mode shows after each run: the kata, why it is not solved yet (or that it is), progress and keys. */
export function renderWatchScreen(screen: WatchScreen): string {
  const { kata, result, language } = screen;
  const text = (value: { en: string; ja: string }) => localize(value, language);
  const lines = [CLEAR_SCREEN + bold(`${kata.id} — ${localize(kata.title, language)}`), dim(text({ en: `Your solution: ${screen.solution}`, ja: `解答ファイル: ${screen.solution}` })), ''];
  if (result.status === 'pass') {
    const count = result.tests.length;
    lines.push(green(text({ en: `✓ All ${count} checks pass.`, ja: `✓ ${count} 件のチェックにすべて合格しました。` })), '');
    lines.push(green(bold(text({ en: 'Kata done ✓', ja: 'カタ完了 ✓' }))));
    lines.push(text({ en: `Compare with the reference solution: ${referenceSolutionPath(kata.id)}`, ja: `模範解答と比べてみましょう: ${referenceSolutionPath(kata.id)}` }));
  } else {
    lines.push(...explanation(result, language));
  }
  lines.push(...shownHints(kata, screen.hintsShown, language));
  lines.push('', bold(progressBar(screen.solved, screen.total, language)), cyan(text(KEY_LEGEND)));
  const how = screen.polling ? { en: 'checking the file every 0.3 s', ja: '0.3 秒ごとにファイルを確認中' } : { en: 'watching the file', ja: 'ファイルを監視中' };
  lines.push(dim(text({ en: `Each save of ${screen.solution} runs the kata again (${how.en}).`, ja: `${screen.solution} を保存するたびにカタを実行し直します(${how.ja})。` })));
  return lines.join('\n');
}

/** The failing tests and their messages: the kata's explanation of what is still wrong. */
function explanation(result: KataResult, language: Language): string[] {
  const notPassed = result.tests.filter((test) => test.status !== 'pass');
  const heading =
    result.status === 'fail'
      ? { en: `✗ Not solved yet: ${notPassed.length} of ${result.tests.length} checks fail.`, ja: `✗ まだ解けていません: ${result.tests.length} 件中 ${notPassed.length} 件のチェックが不合格です。` }
      : { en: '✗ The kata could not run to a verdict:', ja: '✗ カタを最後まで実行できませんでした:' };
  const lines = [red(localize(heading, language))];
  if (notPassed.length === 0 && result.message) lines.push(indent(result.message));
  for (const test of notPassed) lines.push('', red(`✗ ${test.name}`), indent(test.message ?? ''));
  return lines;
}

function shownHints(kata: KataManifestEntry, shown: number, language: Language): string[] {
  const hints = kata.hints[language].slice(0, shown);
  if (hints.length === 0) return [];
  const total = kata.hints[language].length;
  return ['', ...hints.map((hint, index) => dim(`${localize({ en: 'Hint', ja: 'ヒント' }, language)} ${index + 1}/${total}: ${hint}`))];
}

function indent(text: string): string {
  return text
    .split('\n')
    .map((line) => (line ? `    ${line}` : line))
    .join('\n');
}
