import * as fs from 'node:fs';
import * as path from 'node:path';
import { KATA_SERVICES, type KataService } from '../../harness/backends/backend';
import { ROOT } from '../run-dojo';

export const READMES = [
  { file: 'README.md', heading: '## Backends' },
  { file: 'README.ja.md', heading: '## バックエンド' },
] as const;

/** The rows of the README's backend table, in order: moto, LocalStack community, LocalStack with a token, any endpoint. */
export const ROW_BACKENDS = ['`moto`', '`localstack`', '`localstack`', '`endpoint`'] as const;

export interface BackendRow {
  backend: string;
  kataBackend: string;
  /** The "Katas it runs" cell as written. */
  katas: string;
}

/** The first table under the section's heading, one row per backend. */
export function backendTable(file: string, heading: string): BackendRow[] {
  const text = fs.readFileSync(path.join(ROOT, file), 'utf8');
  const section = text.slice(text.indexOf(`\n${heading}\n`));
  if (section.length === text.length + 1) throw new Error(`${file} has no "${heading}" section`);
  const lines = section.split('\n');
  const first = lines.findIndex((line) => line.startsWith('|'));
  const table = lines.slice(first, lines.findIndex((line, i) => i > first && !line.startsWith('|')));
  return table.slice(2).map((line) => {
    const cells = line.slice(1, -1).split(' | ').map((cell) => cell.trim());
    if (cells.length !== 5) throw new Error(`${file}: a backend table row has ${cells.length} cells, not 5: ${line}`);
    return { backend: cells[0], kataBackend: cells[1], katas: cells[4] };
  });
}

export interface ClaimedKatas {
  /** The katas the row says run, as full ids. */
  runs: string[];
  /** How many it says are skipped (0 when it says none). */
  skipped: number;
  /** The services it names (upper-case in the text). */
  services: KataService[];
}

/** Reads "All 17" / "全 17 カタ", or "01, 02, …; the other 12 are skipped … ECS or ECR …" (ja: "ほかの 12 カタ"). */
export function claimedKatas(cell: string, kataIds: string[]): ClaimedKatas {
  const all = /^(?:All|全) (\d+)/.exec(cell);
  const services = KATA_SERVICES.filter((service) => new RegExp(`\\b${service.toUpperCase()}\\b`).test(cell));
  if (all) {
    if (Number(all[1]) !== kataIds.length) throw new Error(`"${cell}" says all ${all[1]}, but katas.json has ${kataIds.length}`);
    return { runs: kataIds, skipped: 0, services };
  }
  const listed = /^(\d\d(?:, \d\d)*)/.exec(cell);
  if (!listed) throw new Error(`"${cell}" neither says "All <n>" nor starts with a list of kata numbers`);
  const runs = listed[1].split(', ').map((n) => {
    const id = kataIds.find((kataId) => kataId.startsWith(`${n}-`));
    if (!id) throw new Error(`"${cell}" names kata ${n}, which katas.json does not have`);
    return id;
  });
  const skipped = /(?:the other|ほかの) (\d+)/.exec(cell);
  return { runs, skipped: skipped ? Number(skipped[1]) : 0, services };
}
