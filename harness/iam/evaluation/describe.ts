import type { Bilingual } from '../../i18n';
import type { NamedPolicy, RequestPrincipal, StatementRef } from '../policy-types';

/** "Role session arn:…" / "ロールセッション arn:…": who asked, for the first words of an explanation. */
export function describePrincipal(principal: RequestPrincipal): Bilingual {
  switch (principal.kind) {
    case 'user':
      return { en: `IAM user ${principal.arn}`, ja: `IAM ユーザー ${principal.arn}` };
    case 'assumed-role':
      return { en: `Role session ${principal.arn}`, ja: `ロールセッション ${principal.arn}` };
    case 'root':
      return { en: `The account root ${principal.arn}`, ja: `アカウントのルートユーザー ${principal.arn}` };
    case 'service':
      return { en: `Service principal ${principal.arn}`, ja: `サービスプリンシパル ${principal.arn}` };
  }
}

/** "may not call ecr:DescribeImages on arn:…" and its Japanese counterpart (a resource of "*" is left out). */
export function describeCall(action: string, resource: string, allowed: boolean): Bilingual {
  const en = `${allowed ? 'may' : 'may not'} call ${action}${resource === '*' ? '' : ` on ${resource}`}`;
  const target = resource === '*' ? '' : `${resource} に対して `;
  return { en, ja: `は ${target}${action} を呼び出${allowed ? 'せます' : 'せません'}` };
}

/**
 * "statement 0 (Sid "ReadMyRepo") of policy ecr-read" / "ポリシー ecr-read のステートメント 0 (Sid "ReadMyRepo") "
 * (the Japanese ends with a space, ready for the particle that follows, as do the policy names below).
 */
export function describeStatement(ref: StatementRef): Bilingual {
  const sid = ref.sid !== undefined ? ` (Sid "${ref.sid}")` : '';
  const policy = describePolicy(ref.policy);
  return { en: `statement ${ref.index}${sid} of ${policy.en}`, ja: `${policy.ja}のステートメント ${ref.index}${sid} ` };
}

/** "policy ecr-read (inline, role task-role)", "the trust policy of role arn:…", "permissions boundary b". */
export function describePolicy(policy: Pick<NamedPolicy, 'name' | 'kind' | 'arn' | 'attachedTo'>): Bilingual {
  switch (policy.kind) {
    case 'trust': {
      const role = policy.arn ?? policy.name;
      return { en: `the trust policy of role ${role}`, ja: `ロール ${role} の信頼ポリシー` };
    }
    case 'permissions-boundary':
      return { en: `permissions boundary ${policy.name}`, ja: `アクセス許可の境界 ${policy.name} ` };
    case 'inline':
      return policy.attachedTo
        ? { en: `policy ${policy.name} (inline, ${policy.attachedTo})`, ja: `ポリシー ${policy.name} (${holderJa(policy.attachedTo)} のインラインポリシー) ` }
        : { en: `policy ${policy.name}`, ja: `ポリシー ${policy.name} ` };
    default:
      return { en: `policy ${policy.name}`, ja: `ポリシー ${policy.name} ` };
  }
}

/** "user alice" → "ユーザー alice" (attachedTo is written in English). */
function holderJa(attachedTo: string): string {
  const [kind, ...rest] = attachedTo.split(' ');
  const name = rest.join(' ');
  const kinds: Record<string, string> = { user: 'ユーザー', group: 'グループ', role: 'ロール' };
  return kinds[kind] ? `${kinds[kind]} ${name}` : attachedTo;
}

/** Joins sentences, each ending with its own punctuation. */
export function sentences(parts: Array<string | undefined>, language: 'en' | 'ja'): string {
  return parts.filter((part): part is string => !!part).join(language === 'en' ? ' ' : '');
}
