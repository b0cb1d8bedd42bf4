import { localize } from '../i18n';
import type { LocalCloudInfo } from './local-cloud';

const VARIABLE = 'KATA_LOCAL_CLOUD';

/** Hands the running local cloud to Jest's workers, which inherit the environment. */
export function publishLocalCloud(info: LocalCloudInfo): void {
  process.env[VARIABLE] = JSON.stringify(info);
}

/** The local cloud this test process runs against, as the global setup started it. */
export function currentLocalCloud(): LocalCloudInfo {
  const value = process.env[VARIABLE];
  if (!value) {
    throw new Error(
      localize({
        en: 'No local cloud is running for this test. Run katas with `npm test katas` (or `npm test` for the project suite) so the global setup starts one.',
        ja: 'このテスト用のローカル AWS が動いていません。`npm test katas`(プロジェクト自身のテストは `npm test`)で実行すると、最初に起動されます。',
      }),
    );
  }
  return JSON.parse(value) as LocalCloudInfo;
}
