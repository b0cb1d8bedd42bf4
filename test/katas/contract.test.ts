import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadManifest } from '../../harness/kata/manifest';
import { KATAS_DIR, SOLUTIONS_DIR } from '../../harness/paths';
import { ROOT } from '../run-dojo';

const manifest = loadManifest();

describe('the kata contract', () => {
  test('katas.json lists exactly the kata folders, in order', () => {
    const folders = fs.readdirSync(KATAS_DIR, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => e.name).sort();
    expect(manifest.map((kata) => kata.id)).toEqual(folders);
  });

  test.each(manifest.map((kata) => kata.id))('%s has its starter, test, READMEs in both languages and a reference solution', (id) => {
    for (const file of ['solution.ts', 'kata.test.ts', 'README.md', 'README.ja.md']) {
      expect(fs.existsSync(path.join(KATAS_DIR, id, file)) ? file : `missing katas/${id}/${file}`).toBe(file);
    }
    expect(fs.existsSync(path.join(SOLUTIONS_DIR, id, 'solution.ts'))).toBe(true);
  });

  test.each(manifest.map((kata) => [kata.id, kata.starterBlob]))('%s: starterBlob is the git blob of its starter, and git holds it', (id, starterBlob) => {
    const git = (...args: string[]) => spawnSync('git', args, { cwd: ROOT, encoding: 'utf8' });
    const hashed = git('hash-object', `katas/${id}/solution.ts`).stdout.trim();
    expect(`starterBlob ${starterBlob}`).toBe(`starterBlob ${hashed}`);
    // `kata reset` restores the starter from this object, so it must be committed.
    expect(git('cat-file', '-t', starterBlob).stdout.trim()).toBe('blob');
  });

  test.each(['README.md', 'README.ja.md'])('the kata table of %s lists every kata of katas.json, in order', (readme) => {
    const text = fs.readFileSync(path.join(ROOT, readme), 'utf8');
    const listed = [...text.matchAll(/^\| `(\d\d-[a-z0-9-]+)`/gm)].map((match) => match[1]);
    expect(listed).toEqual(manifest.map((kata) => kata.id));
  });

  test('a broken manifest is reported kata by kata', () => {
    const file = path.join(fs.mkdtempSync(path.join(require('node:os').tmpdir(), 'manifest-')), 'katas.json');
    fs.writeFileSync(file, JSON.stringify([{ id: 'cidr', title: { en: 'x' }, track: 'vpc', services: ['lambda'], needs: [], starterBlob: 'HEAD', hints: { en: ['a'], ja: [] } }]));
    expect(() => loadManifest(file)).toThrow(/cidr: id must look like.*\n- cidr: title needs.*\n- cidr: services must list only.*\n- cidr: starterBlob must be the starter's git blob id/s);
  });

  test('starters, references and fixtures type-check (a starter fails on an assertion, never on a compile error)', () => {
    const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '--noEmit', '-p', 'tsconfig.json'], { cwd: ROOT, encoding: 'utf8' });
    expect(tsc.stdout + tsc.stderr).toBe('');
    expect(tsc.status).toBe(0);
  }, 120_000);
});
