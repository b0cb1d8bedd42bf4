import { localize, type Language } from '../../i18n';

/** `Progress: [###>-------------] 3/17`: one cell per kata, `>` marks where the learner is. */
export function progressBar(solved: number, total: number, language: Language): string {
  const cells = solved >= total ? '#'.repeat(total) : `${'#'.repeat(solved)}>${'-'.repeat(total - solved - 1)}`;
  return `${localize({ en: 'Progress:', ja: '進捗:' }, language)} [${cells}] ${solved}/${total}`;
}
