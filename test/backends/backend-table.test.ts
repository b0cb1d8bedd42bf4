import { loadManifest } from '../../harness/kata/manifest';
import { currentLocalCloud } from '../../harness/runner/cloud-env';
import { READMES, ROW_BACKENDS, backendTable, claimedKatas } from './backend-table';

// The LocalStack community row is checked by the LocalStack leg (test/backends/localstack-leg.test.ts).
const manifest = loadManifest();
const kataIds = manifest.map((kata) => kata.id);
const cloud = currentLocalCloud();

describe.each(READMES)('$file backend table', ({ file, heading }) => {
  const rows = backendTable(file, heading);

  test('has the four backends in order: moto, LocalStack community, LocalStack with a token, any endpoint', () => {
    expect(rows.map((row) => row.kataBackend.split(/[ (]/)[0])).toEqual(ROW_BACKENDS);
    expect(rows[2].kataBackend).toContain('LOCALSTACK_AUTH_TOKEN');
    expect(rows[3].kataBackend).toContain('KATA_ENDPOINT');
  });

  (cloud.backend === 'moto' ? test : test.skip)('the moto row names exactly the katas the probe of the suite\'s own moto allows', () => {
    const runnable = manifest.filter((kata) => kata.services.every((s) => cloud.capabilities.available.includes(s))).map((kata) => kata.id);
    const claimed = claimedKatas(rows[0].katas, kataIds);
    expect({ runs: claimed.runs, skipped: claimed.skipped }).toEqual({ runs: runnable, skipped: kataIds.length - runnable.length });
  });

  test('the rows a probe decides at start say so', () => {
    for (const row of rows.slice(2)) expect(row.katas).toMatch(file === 'README.md' ? /as the probe reports at start/ : /起動時にプローブが表示します/);
  });
});
