/**
 * What the policy linter tells a learner, in English and Japanese (です・ます調; IAM terms as the
 * Japanese AWS documentation writes them: アクション, リソース, リソースタイプ, ステートメント,
 * サービスプレフィックス, リソースレベルのアクセス許可).
 */
import type { Bilingual } from '../../i18n';

export type Effect = 'Allow' | 'Deny';

/** "grants" / "denies" and their Japanese. */
function verb(effect: Effect): { en: string; ja: string } {
  return effect === 'Deny' ? { en: 'denies', ja: '拒否' } : { en: 'grants', ja: '許可' };
}

function orList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1]}`;
}

function jaList(items: string[]): string {
  return items.join('、');
}

export function unknownService(entry: string, prefix: string, suggestions: string[]): Bilingual {
  const hint = suggestions.length > 0;
  return {
    en:
      `${prefix} is not the service prefix of any AWS service, so ${entry} matches no action` +
      (hint ? `; did you mean ${orList(suggestions)}?` : '. An action starts with its service prefix, e.g. s3:GetObject, ecr:DescribeImages, logs:PutLogEvents.'),
    ja:
      `${prefix} はどの AWS サービスのサービスプレフィックスでもないため、${entry} はどのアクションにも一致しません。` +
      (hint
        ? `${jaList(suggestions)} の誤りではありませんか？`
        : 'アクションは s3:GetObject、ecr:DescribeImages、logs:PutLogEvents のように、サービスプレフィックスから始めます。'),
  };
}

export function unknownAction(entry: string, serviceName: string, suggestions: string[]): Bilingual {
  const hint = suggestions.length > 0;
  return {
    en:
      `${entry} is not an action of ${serviceName}` +
      (hint ? `; did you mean ${orList(suggestions)}?` : '. The Service Authorization Reference lists its actions.'),
    ja:
      `${entry} は ${serviceName} のアクションではありません。` +
      (hint ? `${jaList(suggestions)} の誤りではありませんか？` : 'アクションの一覧はサービス認可リファレンスで確認できます。'),
  };
}

export function patternMatchesNothing(entry: string, serviceName: string, effect: Effect): Bilingual {
  const v = verb(effect);
  return {
    en: `${entry} matches no action of ${serviceName}, so this entry ${v.en} nothing.`,
    ja: `${entry} に一致する ${serviceName} のアクションはないため、このエントリは何も${v.ja}しません。`,
  };
}

export function wrongRegion(resource: string, region: string, expected: string, fixed: string): Bilingual {
  return {
    en:
      `Resource ${resource} is in region ${region}, but this policy is used in ${expected}: ` +
      `no request in ${expected} matches it. Use ${fixed}.`,
    ja:
      `リソース ${resource} のリージョンは ${region} ですが、このポリシーを使うリージョンは ${expected} です。` +
      `${expected} へのリクエストはこの ARN に一致しません。${fixed} を指定してください。`,
  };
}

export function wrongAccount(resource: string, account: string, expected: string, fixed: string): Bilingual {
  return {
    en:
      `Resource ${resource} names account ${account}, but your account is ${expected}: ` +
      `it never matches your own resources. Use ${fixed}.`,
    ja:
      `リソース ${resource} のアカウントは ${account} ですが、あなたのアカウントは ${expected} です。` +
      `自分のアカウントのリソースには一致しません。${fixed} を指定してください。`,
  };
}

/** An action that supports no resource-level permissions, under specific ARNs only. */
export function needsStar(action: string, resources: string[], effect: Effect): Bilingual {
  const v = verb(effect);
  return {
    en:
      `${action} does not support resource-level permissions: only Resource "*" matches it. ` +
      `${orList(resources)} never does, so this statement never ${v.en} ${action}. ` +
      `Put ${action} in a statement with "Resource": "*".`,
    ja:
      `${action} はリソースレベルのアクセス許可をサポートしていないため、Resource が "*" のときだけ一致します。` +
      `${jaList(resources)} には一致しないので、このステートメントが ${action} を${v.ja}することはありません。` +
      `${action} は "Resource": "*" のステートメントに書いてください。`,
  };
}

export interface TypeDescription {
  key: string;
  arn: string;
}

function typesEn(types: TypeDescription[]): string {
  return types.map((type) => `${type.key} (${type.arn})`).join(', ');
}

function typesJa(types: TypeDescription[]): string {
  return types.map((type) => `${type.key}（${type.arn}）`).join('、');
}

/** An action whose resource types none of the statement's resources can be. */
export function wrongResourceType(action: string, types: TypeDescription[], resources: string[], effect: Effect, fixes: string[] = []): Bilingual {
  const v = verb(effect);
  return {
    en:
      `${action} acts on ${typesEn(types)}; ${orList(resources)} is not one, ` +
      `so this statement never ${v.en} ${action}. ` +
      (fixes.length > 0 ? `Did you mean ${orList(fixes)}?` : 'Name a resource of that type, or use "*".'),
    ja:
      `${action} の対象となるリソースタイプは ${typesJa(types)}です。${jaList(resources)} はこれに該当しないため、` +
      `このステートメントが ${action} を${v.ja}することはありません。` +
      (fixes.length > 0 ? `${jaList(fixes)} の誤りではありませんか？` : 'このリソースタイプの ARN か "*" を指定してください。'),
  };
}

/** A wildcard action none of whose actions applies to the statement's resources. */
export function patternWrongResourceType(entry: string, actions: string[], total: number, resources: string[], effect: Effect): Bilingual {
  const v = verb(effect);
  const shown = actions.join(', ') + (total > actions.length ? `, … (${total} actions)` : '');
  const shownJa = actions.join('、') + (total > actions.length ? ` など ${total} 個` : '');
  return {
    en:
      `None of the actions ${entry} matches (${shown}) acts on ${orList(resources)}, ` +
      `so this statement never ${v.en} any of them. Check the resource types in the Service Authorization Reference.`,
    ja:
      `${entry} に一致するアクション（${shownJa}）はどれも ${jaList(resources)} を対象にしないため、` +
      `このステートメントはそのどれも${v.ja}しません。サービス認可リファレンスでリソースタイプを確認してください。`,
  };
}

/** An object action (s3:PutObject) on bucket ARNs only. */
export function objectActionOnBucket(action: string, buckets: string[], effect: Effect): Bilingual {
  const v = verb(effect);
  const fixed = buckets.map((bucket) => `${bucket}/*`);
  return {
    en:
      `${action} acts on objects (${orList(fixed)}), not on the bucket itself: ${orList(buckets)} never matches it, ` +
      `so this statement never ${v.en} ${action}. Add "/*" to cover the bucket's objects: ${fixed.join(', ')}.`,
    ja:
      `${action} の対象はバケット内のオブジェクト（${jaList(fixed)}）で、バケットそのものではありません。` +
      `${jaList(buckets)} には一致しないため、このステートメントが ${action} を${v.ja}することはありません。` +
      `オブジェクトを対象にするには末尾に "/*" を付けて ${jaList(fixed)} としてください。`,
  };
}

/** A bucket action (s3:ListBucket) on object ARNs only. */
export function bucketActionOnObjects(action: string, objects: string[], buckets: string[], effect: Effect): Bilingual {
  const v = verb(effect);
  return {
    en:
      `${action} acts on the bucket itself (${orList(buckets)}), not on its objects: ${orList(objects)} never matches it, ` +
      `so this statement never ${v.en} ${action}. Name the bucket without "/…": ${buckets.join(', ')}.`,
    ja:
      `${action} の対象はバケットそのもの（${jaList(buckets)}）で、バケット内のオブジェクトではありません。` +
      `${jaList(objects)} には一致しないため、このステートメントが ${action} を${v.ja}することはありません。` +
      `"/" 以降を付けずに ${jaList(buckets)} と指定してください。`,
  };
}
