import type { Bilingual } from '../i18n';
import { analyse, type Analysis } from './evaluation/analyse';
import { closestSentences } from './evaluation/closest-phrase';
import { describeCall, describePolicy, describePrincipal, describeStatement, sentences } from './evaluation/describe';
import { explainTrustRefusal } from './evaluation/explain-trust';
import type { StatementCheck } from './evaluation/statements';
import type { EvaluationInput, EvaluationResult, StatementRef } from './policy-types';

/**
 * Two or three sentences a learner understands, in English and Japanese: who asked for which
 * action on which resource, which statement decided it (or came closest, and why it did not
 * apply), and what to do next.
 */
export function explainDecision(input: EvaluationInput, result: EvaluationResult): Bilingual {
  if (result.decision === 'Allow') return explainAllow(input, result);
  if (result.decision === 'ExplicitDeny') return explainExplicitDeny(input, result);
  const analysis = analyse(input);
  const closest = closestCheck(analysis, result);
  if (result.decidedBy === 'resource') return explainResourceRefusal(input, analysis, closest);
  if (result.decidedBy === 'permissions-boundary') return explainBoundary(input, analysis, closest);
  return explainNoAllow(input, analysis, closest);
}

function explainAllow(input: EvaluationInput, result: EvaluationResult): Bilingual {
  const { principal, action, resource } = input.request;
  const who = describePrincipal(principal);
  const call = describeCall(action, resource, true);
  const by = listRefs(result.decidingStatements);
  const byEn = by ? `${by.en} ${result.decidingStatements.length > 1 ? 'allow' : 'allows'} it` : 'the account root has full access';
  const byJa = by ? `${by.ja}が許可しています` : 'アカウントのルートユーザーはすべての操作ができます';
  const alone = result.decidedBy === 'resource' && principal.kind !== 'service';
  return {
    en: sentences([`${who.en} ${call.en}: ${byEn}.`, alone ? 'A resource-based policy that names the principal itself grants access on its own within the account.' : undefined], 'en'),
    ja: sentences([`${who.ja} ${call.ja}。${byJa}。`, alone ? '同じアカウント内では、プリンシパル自身を指定したリソースベースのポリシーだけでアクセスが許可されます。' : undefined], 'ja'),
  };
}

function explainExplicitDeny(input: EvaluationInput, result: EvaluationResult): Bilingual {
  const { principal, action, resource } = input.request;
  const who = describePrincipal(principal);
  const call = describeCall(action, resource, false);
  const deny = result.decidingStatements[0];
  const by = deny ? describeStatement(deny) : { en: 'a Deny statement', ja: 'Deny ステートメント' };
  return {
    en: `${who.en} ${call.en}: ${by.en} explicitly denies it. An explicit Deny always wins over any Allow, so no Allow statement can change this; narrow or remove that Deny statement if this call should succeed.`,
    ja: `${who.ja} ${call.ja}。${by.ja}が明示的に拒否しています。明示的な拒否はどの許可よりも常に優先されるため、Allow ステートメントを追加しても結果は変わりません。この呼び出しを成功させるには、その Deny ステートメントの範囲を狭めるか削除してください。`,
  };
}

/** ImplicitDeny because no identity-based policy allows the call. */
function explainNoAllow(input: EvaluationInput, analysis: Analysis, closest: StatementCheck | undefined): Bilingual {
  const { principal, action, resource } = input.request;
  const who = describePrincipal(principal);
  const call = describeCall(action, resource, false);
  const target = resource === '*' ? '' : ` on ${resource}`;
  const targetJa = resource === '*' ? '' : `${resource} に対する `;
  if (input.identityPolicies.length === 0) {
    const holder = holderOf(input);
    return {
      en: `${who.en} ${call.en}: it has no identity-based policy, so nothing allows the call. Attach a policy to ${holder.en} with a statement that allows ${action}${target}.`,
      ja: `${who.ja} ${call.ja}。アイデンティティベースのポリシーが 1 つもないため、何も許可されていません。${holder.ja}に、${targetJa}${action} を許可するステートメントを含むポリシーをアタッチしてください。`,
    };
  }
  const delegation = analysis.isAssumeRole && analysis.resourceDelegates ? trustDelegation(input) : undefined;
  const detail = closest
    ? closestSentences(closest, input.request)
    : {
        finding: { en: 'None of its identity-based policies has an Allow statement for this action.', ja: 'どのアイデンティティベースのポリシーにも、このアクションの Allow ステートメントがありません。' },
        nextStep: { en: `Add a statement that allows ${action}${target}.`, ja: `${targetJa}${action} を許可するステートメントを追加してください。` },
      };
  return {
    en: sentences([`${who.en} ${call.en}: no statement allows it.`, delegation?.en, detail.finding.en, detail.nextStep.en], 'en'),
    ja: sentences([`${who.ja} ${call.ja}。これを許可するステートメントがありません。`, delegation?.ja, detail.finding.ja, detail.nextStep.ja], 'ja'),
  };
}

/** ImplicitDeny because the permissions boundary does not allow what the other policies do. */
function explainBoundary(input: EvaluationInput, analysis: Analysis, closest: StatementCheck | undefined): Bilingual {
  const { principal, action, resource } = input.request;
  const who = describePrincipal(principal);
  const call = describeCall(action, resource, false);
  const boundary = input.permissionsBoundary ? describePolicy(input.permissionsBoundary) : { en: 'its permissions boundary', ja: 'アクセス許可の境界' };
  const allowing = analysis.checks.identity.find((check) => check.applies && check.ref.statement.Effect === 'Allow');
  const granted = allowing ? describeStatement(allowing.ref) : { en: 'the resource-based policy', ja: 'リソースベースのポリシー' };
  const target = resource === '*' ? '' : ` on ${resource}`;
  const targetJa = resource === '*' ? '' : `${resource} に対する `;
  const detail = closest ? closestSentences(closest, input.request) : undefined;
  return {
    en: sentences(
      [
        `${who.en} ${call.en}: ${granted.en} allows it, but ${boundary.en} does not, and a permissions boundary sets the maximum permissions the principal can have.`,
        detail?.finding.en,
        detail ? detail.nextStep.en : `Allow ${action}${target} in the boundary as well.`,
      ],
      'en',
    ),
    ja: sentences(
      [
        `${who.ja} ${call.ja}。${granted.ja}は許可していますが、${boundary.ja}が許可していません。アクセス許可の境界は、プリンシパルが持てる最大のアクセス許可を決めます。`,
        detail?.finding.ja,
        detail ? detail.nextStep.ja : `境界でも ${targetJa}${action} を許可してください。`,
      ],
      'ja',
    ),
  };
}

/** ImplicitDeny because a resource-based policy (for sts:AssumeRole, the trust policy) does not allow the principal. */
function explainResourceRefusal(input: EvaluationInput, analysis: Analysis, closest: StatementCheck | undefined): Bilingual {
  if (analysis.isAssumeRole) return explainTrustRefusal(input, closest);
  const { principal, action, resource } = input.request;
  const who = describePrincipal(principal);
  const call = describeCall(action, resource, false);
  const policy = input.resourcePolicy ? describePolicy(input.resourcePolicy) : undefined;
  const why = analysis.crossAccount
    ? {
        en: 'a request from another account must be allowed by the resource-based policy as well as by the caller\'s identity-based policy',
        ja: '別のアカウントからのリクエストは、呼び出し元のアイデンティティベースのポリシーに加えて、リソースベースのポリシーでも許可されている必要があります',
      }
    : { en: 'a service principal is allowed only by a resource-based policy', ja: 'サービスプリンシパルを許可できるのはリソースベースのポリシーだけです' };
  const detail = closest ? closestSentences(closest, input.request) : undefined;
  return {
    en: sentences(
      [
        `${who.en} ${call.en}: ${policy ? `${policy.en} does not allow it` : 'the resource has no resource-based policy'}, and ${why.en}.`,
        detail?.finding.en,
        detail?.nextStep.en ?? `Add a statement to the resource's policy that allows ${action} for ${principal.arn}.`,
      ],
      'en',
    ),
    ja: sentences(
      [
        `${who.ja} ${call.ja}。${policy ? `${policy.ja}が許可していません` : 'リソースにリソースベースのポリシーがありません'}。${why.ja}。`,
        detail?.finding.ja,
        detail?.nextStep.ja ?? `リソースのポリシーに、${principal.arn} に ${action} を許可するステートメントを追加してください。`,
      ],
      'ja',
    ),
  };
}

/** The trust policy names only the principal's account: identity-based policies decide. */
function trustDelegation(input: EvaluationInput): Bilingual {
  const role = input.request.resource;
  return {
    en: `The trust policy of role ${role} trusts the whole account, which leaves the decision to identity-based policies: one of them must allow sts:AssumeRole on ${role}.`,
    ja: `ロール ${role} の信頼ポリシーはアカウント全体を信頼しており、判断をアイデンティティベースのポリシーに委ねています。いずれかのポリシーで ${role} に対する sts:AssumeRole を許可する必要があります。`,
  };
}

function holderOf(input: EvaluationInput): Bilingual {
  const { principal } = input.request;
  if (principal.kind === 'assumed-role') {
    const role = principal.roleArn ?? principal.arn;
    return { en: `role ${role}`, ja: `ロール ${role} ` };
  }
  if (principal.kind === 'user') return { en: `user ${principal.arn} (or one of its groups)`, ja: `ユーザー ${principal.arn} (またはそのグループ) ` };
  return { en: principal.arn, ja: `${principal.arn} ` };
}

/** "statement 0 (…) of policy a and statement 1 (…) of policy b" (at most two, then "and N more"). */
function listRefs(refs: StatementRef[]): Bilingual | undefined {
  if (refs.length === 0) return undefined;
  const named = refs.slice(0, 2).map(describeStatement);
  const more = refs.length - named.length;
  return {
    en: named.map((item) => item.en).join(' and ') + (more > 0 ? ` and ${more} more` : ''),
    ja: named.map((item) => item.ja).join('と') + (more > 0 ? `ほか ${more} 件` : ''),
  };
}

/** The analysed statement the result calls closest (found again to render its mismatches in both languages). */
function closestCheck(analysis: Analysis, result: EvaluationResult): StatementCheck | undefined {
  const wanted = result.closest?.ref;
  if (!wanted) return undefined;
  const all = [...analysis.checks.identity, ...analysis.checks['permissions-boundary'], ...analysis.checks.resource];
  return all.find((check) => check.ref.statement === wanted.statement && check.ref.index === wanted.index) ?? analysis.closest;
}
