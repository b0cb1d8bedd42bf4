import type { SimulatedDecision } from '../gateway/simulate';
import type { Bilingual } from '../i18n';
import type { NamedPolicy, StatementRef } from '../iam/policy-types';

/**
 * How a learner reads the IAM engine's decisions on a role's policies: which policy (attached or
 * inline), which statement, what the role holds now, and which statement allows what.
 */

type PolicyInfo = Pick<NamedPolicy, 'name' | 'kind' | 'arn' | 'attachedTo'>;

/** "AWS managed policy AdministratorAccess (attached to the role)", "inline policy x of the role". */
export function policyLabel(policy: PolicyInfo): Bilingual {
  switch (policy.kind) {
    case 'aws-managed':
      return { en: `AWS managed policy ${policy.name} (attached to the role)`, ja: `AWS 管理ポリシー ${policy.name}(ロールにアタッチ済み)` };
    case 'customer-managed':
      return { en: `managed policy ${policy.name} (attached to the role)`, ja: `管理ポリシー ${policy.name}(ロールにアタッチ済み)` };
    default:
      return { en: `inline policy ${policy.name} of the role`, ja: `ロールのインラインポリシー ${policy.name}` };
  }
}

/** "statement 0 (Sid "Everything") of inline policy x of the role" and its Japanese. */
export function statementLabel(ref: StatementRef): Bilingual {
  const sid = ref.sid !== undefined ? ` (Sid "${ref.sid}")` : '';
  const policy = policyLabel(ref.policy);
  // A full-width parenthesis needs no space before the particle; a name does.
  const gap = policy.ja.endsWith(')') ? '' : ' ';
  return { en: `statement ${ref.index}${sid} of ${policy.en}`, ja: `${policy.ja}${gap}のステートメント ${ref.index}${sid}` };
}

/** One line per policy, with its statements as JSON: what the role holds now. */
export function policiesListing(policies: NamedPolicy[]): Bilingual {
  if (policies.length === 0) return { en: '(none)', ja: '(なし)' };
  const lines = (language: 'en' | 'ja') => policies.map((policy) => `- ${policyLabel(policy)[language]}: ${JSON.stringify(policy.document.Statement)}`).join('\n');
  return { en: lines('en'), ja: lines('ja') };
}

/** Allowed decisions grouped by the statement that allows them (a pair two statements allow counts for both). */
export function groupByAllowingStatement(allowed: SimulatedDecision[]): { ref: StatementRef; pairs: SimulatedDecision[] }[] {
  const groups = new Map<string, { ref: StatementRef; pairs: SimulatedDecision[] }>();
  for (const decision of allowed) {
    for (const ref of decision.statements) {
      const key = `${ref.policy.kind}|${ref.policy.arn ?? ''}|${ref.policy.name}|${ref.index}`;
      if (!groups.has(key)) groups.set(key, { ref, pairs: [] });
      groups.get(key)!.pairs.push(decision);
    }
  }
  return [...groups.values()];
}
