import type { Bilingual } from '../../i18n';
import type { AuthorizationRequest } from '../policy-types';
import { describeStatement } from './describe';
import type { Mismatch } from './mismatch';
import { principalList, reasonEn, reasonJa } from './reasons';
import type { StatementCheck } from './statements';

/**
 * "Closest: statement 0 (Sid "ReadMyRepo") of policy ecr-read allows ecr:DescribeImages, but only
 * on Resource arn:…/my-repo." plus the next step, in English and Japanese: what the statement
 * that came closest lacks, said in terms of the part that did not match.
 */
export function closestSentences(check: StatementCheck, request: AuthorizationRequest): { finding: Bilingual; nextStep: Bilingual } {
  const { action, resource } = request;
  const statement = describeStatement(check.ref);
  const only = check.mismatches.length === 1 ? check.mismatches[0] : undefined;
  // The action part matched in the cases that name it, so the statement allows the requested action.
  const actions = action;
  const target = resource === '*' ? '' : ` on ${resource}`;
  const targetJa = resource === '*' ? '' : `${resource} に対する `;

  if (only?.part === 'resource' && only.element === 'Resource') {
    const noValue = only.noValue.length > 0 ? ` (${only.noValue.join(', ')} has no value in this request)` : '';
    const noValueJa = only.noValue.length > 0 ? ` (このリクエストでは ${only.noValue.join(', ')} に値がありません)` : '';
    return {
      finding: {
        en: `Closest: ${statement.en} allows ${actions}, but only on Resource ${only.values.join(', ')}${noValue}.`,
        ja: `最も近いのは${statement.ja}で、${actions} を許可していますが、Resource は ${only.values.join(', ')} だけです${noValueJa}。`,
      },
      nextStep: {
        en: `Add ${resource} to that statement's Resource, or add a statement that allows it.`,
        ja: `${resource} をそのステートメントの Resource に追加するか、これを許可するステートメントを追加してください。`,
      },
    };
  }
  if (only?.part === 'action' && only.element === 'Action') {
    return {
      finding: {
        en: `Closest: ${statement.en} covers this resource, but ${reasonEn(only)}.`,
        ja: `最も近いのは${statement.ja}で、対象のリソースは含んでいますが、${reasonJa(only)}。`,
      },
      nextStep: {
        en: `Add ${action} to that statement's Action.`,
        ja: `${action} をそのステートメントの Action に追加してください。`,
      },
    };
  }
  if (only?.part === 'principal' && only.element === 'Principal') {
    return {
      finding: {
        en: `Closest: ${statement.en} allows ${actions}, but its Principal is ${principalList(only.listed)}, not ${only.requested.value}.`,
        ja: `最も近いのは${statement.ja}で、${actions} を許可していますが、Principal は ${principalList(only.listed)} で、${only.requested.value} ではありません。`,
      },
      nextStep: {
        en: `Add ${only.requested.value} to that statement's Principal.`,
        ja: `${only.requested.value} をそのステートメントの Principal に追加してください。`,
      },
    };
  }
  if (check.mismatches.every((mismatch) => mismatch.part === 'condition')) {
    return {
      finding: {
        en: `Closest: ${statement.en} allows ${action}${target} only when its Condition holds, and here it does not: ${joined(check.mismatches, reasonEn, '; ')}.`,
        ja: `最も近いのは${statement.ja}で、${targetJa}${action} を許可していますが、Condition が満たされていません: ${joined(check.mismatches, reasonJa, '、')}。`,
      },
      nextStep: {
        en: 'Make the request meet that Condition, or change the Condition.',
        ja: 'リクエストがその Condition を満たすようにするか、Condition を変更してください。',
      },
    };
  }
  return {
    finding: {
      en: `Closest: ${statement.en}, which does not apply: ${joined(check.mismatches, reasonEn, '; ')}.`,
      ja: `最も近いのは${statement.ja}ですが、適用されません: ${joined(check.mismatches, reasonJa, '、')}。`,
    },
    nextStep: {
      en: `Change that statement, or add one that allows ${action}${target}.`,
      ja: `そのステートメントを修正するか、${targetJa}${action} を許可するステートメントを追加してください。`,
    },
  };
}

function joined(mismatches: Mismatch[], render: (mismatch: Mismatch) => string, separator: string): string {
  return mismatches.map(render).join(separator);
}
