import type { KataManifestEntry } from '../../kata/manifest';
import { CliError } from './cli-error';

/** The kata an id or an id prefix names (`04`, `04-reach`, `04-reachable-subnet`), as `npm test katas -- 04` accepts. */
export function findKata(word: string, manifest: KataManifestEntry[]): KataManifestEntry {
  const exact = manifest.find((kata) => kata.id === word);
  if (exact) return exact;
  const matches = manifest.filter((kata) => kata.id.startsWith(word));
  if (matches.length === 1) return matches[0];
  const ids = manifest.map((kata) => kata.id).join(', ');
  if (matches.length === 0)
    throw new CliError({
      en: `"${word}" is not a kata id. Kata ids: ${ids}. A number is enough, e.g. 04.`,
      ja: `"${word}" というカタ ID はありません。カタ ID: ${ids}。番号だけでも指定できます(例: 04)。`,
    });
  const matched = matches.map((kata) => kata.id).join(', ');
  throw new CliError({
    en: `"${word}" matches several katas (${matched}); give more of the id, e.g. ${matches[0].id.slice(0, 2)}.`,
    ja: `"${word}" は複数のカタに一致します(${matched})。もう少し長く指定してください(例: ${matches[0].id.slice(0, 2)})。`,
  });
}
