import * as fs from 'node:fs';
import * as path from 'node:path';
import { KATA_SERVICES, type KataService } from '../backends/backend';
import { KATAS_DIR } from '../paths';

export interface Localized<T> {
  en: T;
  ja: T;
}

/** One entry of katas/katas.json (the kata contract). */
export interface KataManifestEntry {
  id: string;
  title: Localized<string>;
  track: string;
  services: KataService[];
  needs: string[];
  /** The git blob id of the committed starter (`git hash-object katas/<id>/solution.ts`): `kata reset` restores it. */
  starterBlob: string;
  hints: Localized<string[]>;
}

const ID = /^\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$/;
const GIT_BLOB_ID = /^[0-9a-f]{40}$/;
export const MANIFEST_PATH = path.join(KATAS_DIR, 'katas.json');

/** Reads and checks katas/katas.json; every problem is reported with the kata and field. */
export function loadManifest(file = MANIFEST_PATH): KataManifestEntry[] {
  const raw: unknown = JSON.parse(fs.readFileSync(file, 'utf8'));
  const where = path.basename(file);
  if (!Array.isArray(raw)) throw new Error(`${where} must be a JSON array of katas.`);
  const problems: string[] = [];
  const seen = new Set<string>();
  raw.forEach((entry: Partial<KataManifestEntry>, index) => {
    const name = typeof entry?.id === 'string' ? entry.id : `#${index}`;
    const problem = (text: string) => problems.push(`${name}: ${text}`);
    if (typeof entry?.id !== 'string' || !ID.test(entry.id)) problem('id must look like "04-reachable-subnet"');
    else if (seen.has(entry.id)) problem('id is used twice');
    else seen.add(entry.id);
    if (!isLocalized(entry.title, (v) => typeof v === 'string' && v.length > 0)) problem('title needs non-empty "en" and "ja" strings');
    if (typeof entry.track !== 'string' || entry.track.length === 0) problem('track must be a non-empty string');
    if (!Array.isArray(entry.services) || !entry.services.every((s) => (KATA_SERVICES as readonly string[]).includes(s)))
      problem(`services must list only ${KATA_SERVICES.join(', ')}`);
    if (!Array.isArray(entry.needs) || !entry.needs.every((n) => typeof n === 'string')) problem('needs must be an array of strings');
    if (typeof entry.starterBlob !== 'string' || !GIT_BLOB_ID.test(entry.starterBlob))
      problem(`starterBlob must be the starter's git blob id (40 hex digits: \`git hash-object katas/${name}/solution.ts\`)`);
    if (!isLocalized(entry.hints, (v) => Array.isArray(v) && v.length > 0 && v.every((h) => typeof h === 'string' && h.length > 0)))
      problem('hints needs non-empty "en" and "ja" arrays of strings');
    else if (entry.hints!.en.length !== entry.hints!.ja.length) problem('hints.en and hints.ja must have the same number of hints');
  });
  if (problems.length > 0) throw new Error(`${where} is not valid:\n- ${problems.join('\n- ')}`);
  return raw as KataManifestEntry[];
}

export function manifestEntry(id: string, manifest = loadManifest()): KataManifestEntry {
  const entry = manifest.find((kata) => kata.id === id);
  if (!entry) throw new Error(`Kata ${id} is not in katas/katas.json; its ids are: ${manifest.map((k) => k.id).join(', ')}.`);
  return entry;
}

function isLocalized<T>(value: unknown, valid: (v: unknown) => boolean): value is Localized<T> {
  const record = value as Partial<Localized<unknown>> | undefined;
  return typeof record === 'object' && record !== null && valid(record.en) && valid(record.ja);
}
