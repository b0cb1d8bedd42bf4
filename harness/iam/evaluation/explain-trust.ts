import type { Bilingual } from '../../i18n';
import type { EvaluationInput } from '../policy-types';
import { closestSentences } from './closest-phrase';
import { describeCall, describePrincipal, sentences } from './describe';
import type { StatementCheck } from './statements';

/**
 * Why a role's trust policy refused sts:AssumeRole ("AWS JSON policy elements: Principal",
 * role trust policies): it trusts someone else, does not apply for another reason, or is missing.
 */
export function explainTrustRefusal(input: EvaluationInput, closest: StatementCheck | undefined): Bilingual {
  const { principal, action, resource } = input.request;
  const who = describePrincipal(principal);
  const call = describeCall(action, resource, false);
  // What to write in the trust policy: a service's name, or for a role session its role's ARN.
  const wanted = principal.kind === 'assumed-role' ? (principal.roleArn ?? principal.arn) : principal.arn;
  const type = principal.kind === 'service' ? 'Service' : 'AWS';
  const addEn = `add ${wanted} as ${type === 'Service' ? 'a Service' : 'an AWS'} principal of a statement with Action sts:AssumeRole`;
  const addJa = `Action が sts:AssumeRole のステートメントに、${wanted} を ${type} プリンシパルとして追加してください`;

  if (!input.resourcePolicy) {
    return {
      en: `${who.en} ${call.en}: no trust policy was found for the role, and a role can be assumed only when its trust policy allows the principal. Check the role's ARN, or give the role a trust policy: ${addEn}.`,
      ja: `${who.ja} ${call.ja}。ロールの信頼ポリシーが見つかりません。ロールを引き受けられるのは、信頼ポリシーがそのプリンシパルを許可しているときだけです。ロールの ARN を確認するか、信頼ポリシーを用意してください: ${addJa}。`,
    };
  }
  const only = closest?.mismatches.length === 1 ? closest.mismatches[0] : undefined;
  if (only?.part === 'principal' && only.element === 'Principal') {
    const listed = only.listed.map((name) => name.value).join(', ');
    return {
      en: `The trust policy of role ${resource} allows ${listed}, not ${wanted}: ${who.en} ${call.en}. To let it, ${addEn}.`,
      ja: `ロール ${resource} の信頼ポリシーが許可しているのは ${listed} で、${wanted} ではありません。そのため、${who.ja} ${call.ja}。${addJa}。`,
    };
  }
  if (!closest) {
    return {
      en: `${who.en} ${call.en}: the trust policy of role ${resource} has no Allow statement for it. To let it, ${addEn}.`,
      ja: `${who.ja} ${call.ja}。ロール ${resource} の信頼ポリシーに、これを許可する Allow ステートメントがありません。${addJa}。`,
    };
  }
  const detail = closestSentences(closest, input.request);
  return {
    en: sentences([`${who.en} ${call.en}: the trust policy of role ${resource} does not allow it.`, detail.finding.en, detail.nextStep.en], 'en'),
    ja: sentences([`${who.ja} ${call.ja}。ロール ${resource} の信頼ポリシーが許可していません。`, detail.finding.ja, detail.nextStep.ja], 'ja'),
  };
}
