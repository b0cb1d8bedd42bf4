import { localize, type Bilingual, type Language } from '../../i18n';
import { nextKata, type KataState, type KataStatus } from './kata-state';
import { progressBar } from './progress-bar';
import { bold, dim, green, red, yellow } from './terminal';
import { padEnd, textWidth } from './text-width';

const STATE_LABELS: Record<KataState, Bilingual> = {
  solved: { en: 'solved', ja: '解決済み' },
  failing: { en: 'failing', ja: '失敗中' },
  unverified: { en: 'changed, not run yet', ja: '変更後まだ未実行' },
  'not-started': { en: 'not started', ja: '未着手' },
  missing: { en: 'no solution.ts', ja: 'solution.ts なし' },
};

const MARKS: Record<KataState, string> = { solved: green('✓'), failing: red('✗'), unverified: yellow('~'), 'not-started': '·', missing: red('!') };

/** Every kata with its track and state, the progress bar and the next kata to do. */
export function renderKataList(statuses: KataStatus[], language: Language): string {
  const idWidth = Math.max(...statuses.map((status) => status.kata.id.length));
  const trackWidth = Math.max(...statuses.map((status) => status.kata.track.length));
  const labelWidth = Math.max(...Object.values(STATE_LABELS).map((label) => textWidth(localize(label, language))));
  const rows = statuses.map(({ kata, state }) => {
    const label = padEnd(localize(STATE_LABELS[state], language), labelWidth);
    return `  ${MARKS[state]} ${kata.id.padEnd(idWidth)}  ${kata.track.padEnd(trackWidth)}  ${label}  ${dim(localize(kata.title, language))}`;
  });
  const solved = statuses.filter((status) => status.state === 'solved').length;
  return [...rows, '', bold(progressBar(solved, statuses.length, language)), nextLine(statuses, language)].join('\n');
}

export function nextLine(statuses: KataStatus[], language: Language): string {
  const next = nextKata(statuses);
  if (!next) return localize({ en: 'Every kata is solved. Well done!', ja: 'すべてのカタを解きました。お見事です!' }, language);
  const title = localize(next.title, language);
  return localize(
    {
      en: `Next: ${next.id} — ${title}\n  npm run kata -- watch ${next.id.slice(0, 2)}`,
      ja: `次のカタ: ${next.id} — ${title}\n  npm run kata -- watch ${next.id.slice(0, 2)}`,
    },
    language,
  );
}
