import type { Mismatch, PrincipalName } from './mismatch';

/** One factual English sentence for a mismatch (what the policy says, what the request had). */
export function reasonEn(mismatch: Mismatch): string {
  switch (mismatch.part) {
    case 'effect':
      return `Effect "${mismatch.effect}" is neither Allow nor Deny`;
    case 'action':
      if (mismatch.element === 'none') return 'The statement has no Action or NotAction element';
      if (mismatch.element === 'NotAction') return `NotAction ${mismatch.excludedBy} excludes ${mismatch.requested}`;
      return `Action ${actionList(mismatch.values, mismatch.unknown, mismatch.requested, 'en')} does not match ${mismatch.requested}`;
    case 'resource':
      if (mismatch.element === 'none') return 'The statement has no Resource or NotResource element';
      if (mismatch.element === 'NotResource') return `NotResource "${mismatch.excludedBy}" excludes ${mismatch.requested}`;
      return `Resource ${quoted(mismatch.values)} does not match ${mismatch.requested}${noValueEn(mismatch.noValue)}`;
    case 'principal':
      if (mismatch.element === 'none') return 'The statement has no Principal or NotPrincipal element';
      if (mismatch.element === 'NotPrincipal-with-Allow') return 'NotPrincipal is supported only with Effect Deny';
      if (mismatch.element === 'NotPrincipal') return `NotPrincipal ${mismatch.excludedBy} exempts ${mismatch.requested.value}`;
      return `Principal ${principalList(mismatch.listed)} does not match ${mismatch.requested.value}`;
    case 'condition': {
      const condition = `Condition ${mismatch.operator} ${mismatch.key} ${quoted(mismatch.values)}`;
      if (mismatch.problem === 'unknown-operator') return `Condition operator ${mismatch.operator} is not supported`;
      if (mismatch.problem === 'key-missing') return `${condition} does not hold: the request has no ${mismatch.key}`;
      return `${condition} does not match ${mismatch.requestValues?.join(', ') ?? '(no value)'}${noValueEn(mismatch.noValue)}`;
    }
  }
}

/** The same in Japanese. */
export function reasonJa(mismatch: Mismatch): string {
  switch (mismatch.part) {
    case 'effect':
      return `Effect "${mismatch.effect}" は Allow でも Deny でもありません`;
    case 'action':
      if (mismatch.element === 'none') return 'ステートメントに Action も NotAction もありません';
      if (mismatch.element === 'NotAction') return `NotAction ${mismatch.excludedBy} が ${mismatch.requested} を除外しています`;
      return `Action ${actionList(mismatch.values, mismatch.unknown, mismatch.requested, 'ja')} は ${mismatch.requested} に一致しません`;
    case 'resource':
      if (mismatch.element === 'none') return 'ステートメントに Resource も NotResource もありません';
      if (mismatch.element === 'NotResource') return `NotResource "${mismatch.excludedBy}" が ${mismatch.requested} を除外しています`;
      return `Resource ${quoted(mismatch.values)} は ${mismatch.requested} に一致しません${noValueJa(mismatch.noValue)}`;
    case 'principal':
      if (mismatch.element === 'none') return 'ステートメントに Principal も NotPrincipal もありません';
      if (mismatch.element === 'NotPrincipal-with-Allow') return 'NotPrincipal は Effect が Deny のときだけ使えます';
      if (mismatch.element === 'NotPrincipal') return `NotPrincipal ${mismatch.excludedBy} が ${mismatch.requested.value} を対象外にしています`;
      return `Principal ${principalList(mismatch.listed)} は ${mismatch.requested.value} に一致しません`;
    case 'condition': {
      const condition = `Condition ${mismatch.operator} ${mismatch.key} ${quoted(mismatch.values)}`;
      if (mismatch.problem === 'unknown-operator') return `条件演算子 ${mismatch.operator} はサポートされていません`;
      if (mismatch.problem === 'key-missing') return `${condition} が満たされません (リクエストに ${mismatch.key} がありません)`;
      return `${condition} は ${mismatch.requestValues?.join(', ') ?? '(値なし)'} に一致しません${noValueJa(mismatch.noValue)}`;
    }
  }
}

/** "Service lambda.amazonaws.com", "AWS arn:aws:iam::111122223333:root", "*". */
export function principalList(names: PrincipalName[]): string {
  return names.map((name) => (name.type === '*' ? '*' : `${name.type} ${name.value}`)).join(', ');
}

function actionList(values: string[], unknown: string[], requested: string, language: 'en' | 'ja'): string {
  const service = requested.split(':')[0].toLowerCase();
  return values
    .map((value) => {
      if (!unknown.includes(value)) return value;
      const sameService = value.split(':')[0].toLowerCase() === service;
      if (language === 'ja') return sameService ? `${value} (存在しないアクション? ${requested} と比べてください)` : `${value} (存在しないアクション?)`;
      return sameService ? `${value} (no such action? compare ${requested})` : `${value} (no such action?)`;
    })
    .join(', ');
}

function quoted(values: string[]): string {
  return values.map((value) => `"${value}"`).join(', ');
}

function noValueEn(noValue: string[] | undefined): string {
  return noValue && noValue.length > 0 ? ` (${noValue.join(', ')} has no value in this request)` : '';
}

function noValueJa(noValue: string[] | undefined): string {
  return noValue && noValue.length > 0 ? ` (このリクエストでは ${noValue.join(', ')} に値がありません)` : '';
}
