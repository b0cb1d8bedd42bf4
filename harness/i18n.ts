/** Everything a learner reads exists in English and Japanese; this picks the one to show. */
export type Language = 'en' | 'ja';

export interface Bilingual {
  en: string;
  ja: string;
}

/** KATA_LANG (en | ja) when set, else Japanese for a Japanese locale (LC_ALL, LC_MESSAGES, LANG), else English. */
export function learnerLanguage(env: NodeJS.ProcessEnv = process.env): Language {
  const chosen = env.KATA_LANG?.trim().toLowerCase();
  if (chosen === 'ja' || chosen === 'en') return chosen;
  const locale = env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
  return locale.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}

export function localize(text: Bilingual, language: Language = learnerLanguage()): string {
  return text[language];
}
