import type { BackendName, Capabilities, KataService } from '../backends/backend';
import type { Bilingual } from '../i18n';

/**
 * Why a kata's tests are skipped on this backend: which of its services the backend lacks, the
 * reason its probe got, and what to use instead. It ends the skipped test's title in `[…]`.
 */
export function skipReason(backend: BackendName, unavailable: KataService[], capabilities: Capabilities): Bilingual {
  const names = unavailable.map((service) => service.toUpperCase());
  const reasons = unavailable.map((service) => (capabilities.missing[service] ?? 'not answered').trim().replace(/\.$/, ''));
  const detail = unavailable.length === 1 ? reasons[0] : unavailable.map((service, i) => `${names[i]}: ${reasons[i]}`).join('; ');
  const en = names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  const ja = names.join(' と ');
  const instead = {
    en: 'Use the default backend (moto: run without KATA_BACKEND), or LocalStack with LOCALSTACK_AUTH_TOKEN set to a plan that includes it.',
    ja: '既定のバックエンド(moto: KATA_BACKEND を付けずに実行)か、それを含むプランの LOCALSTACK_AUTH_TOKEN を設定した LocalStack を使ってください。',
  };
  if (backend === 'localstack') {
    return {
      en: `${en} ${names.length === 1 ? 'is' : 'are'} not in this LocalStack edition: ${detail}. ${instead.en}`,
      ja: `${ja} はこの LocalStack エディションにありません: ${detail}。${instead.ja}`,
    };
  }
  return {
    en: `${en} not offered by ${backend}: ${detail}. ${instead.en}`,
    ja: `${ja} は ${backend} では提供されていません: ${detail}。${instead.ja}`,
  };
}
