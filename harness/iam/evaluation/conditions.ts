import type { ConditionBlock } from '../policy-types';
import { listOf, unique } from './matching';
import type { Mismatch } from './mismatch';
import { operatorNamed, type Operand } from './operators';
import { wildcardPattern } from './pattern';
import type { ContextKeys } from './request-context';
import { resolve, variablesIn } from './variables';

/**
 * The Condition element ("IAM JSON policy elements: Condition", "Conditions with multiple context
 * keys or values", "Single-valued vs. multivalued context keys"): every operator and every key
 * must hold (AND); a key's policy values are OR-ed (NOR for negated operators). Returns the
 * conditions that do not hold — none when the statement's Condition is met.
 */
export function checkConditions(condition: ConditionBlock | undefined, version: string | undefined, keys: ContextKeys): Mismatch[] {
  const failed: Mismatch[] = [];
  for (const [operatorText, entries] of Object.entries(condition ?? {})) {
    for (const [key, raw] of Object.entries(entries ?? {})) {
      const values = listOf(raw as unknown).map(String);
      const failure = checkOne(operatorText, key, values, version, keys);
      if (failure) failed.push(failure);
    }
  }
  return failed;
}

function checkOne(operatorText: string, key: string, values: string[], version: string | undefined, keys: ContextKeys): Mismatch | undefined {
  const parsed = operatorText.match(/^(ForAllValues:|ForAnyValue:)?(.*?)(IfExists)?$/i);
  const set = parsed?.[1]?.toLowerCase();
  const baseName = parsed?.[2] ?? operatorText;
  const ifExists = parsed?.[3] !== undefined;
  const requestValues = keys.get(key);
  const failure = (problem: 'no-match' | 'key-missing' | 'unknown-operator', noValue?: string[]): Mismatch => ({
    part: 'condition',
    problem,
    operator: operatorText,
    key,
    values,
    ...(requestValues ? { requestValues } : {}),
    ...(noValue && noValue.length > 0 ? { noValue } : {}),
  });

  // Null: true when the key is absent (value "true") or present (value "false").
  if (baseName.toLowerCase() === 'null' && !ifExists) {
    const present = requestValues !== undefined;
    const holds = values.some((value) => (value.toLowerCase() === 'true' ? !present : value.toLowerCase() === 'false' && present));
    return holds ? undefined : failure('no-match');
  }
  const operator = operatorNamed(baseName);
  if (!operator) return failure('unknown-operator');

  if (requestValues === undefined) {
    // …IfExists: true when the key is absent. ForAllValues: true for no values; ForAnyValue: false.
    // Otherwise a missing key matches nothing, so only a negated operator holds.
    const holds = ifExists || set === 'forallvalues:' || (set !== 'foranyvalue:' && operator.negated);
    return holds ? undefined : failure('key-missing');
  }

  const noValue: string[] = [];
  const operands: Operand[] = [];
  for (const text of values) {
    if (!operator.variables) {
      operands.push({ pattern: wildcardPattern(text), text });
      continue;
    }
    const resolved = resolve(text, version, keys);
    // A variable with no value leaves a value that nothing equals or is like.
    if (resolved.ok) operands.push({ pattern: resolved.pattern, text });
    else noValue.push(...variablesIn(text, version).filter((variable) => !resolve(variable, version, keys).ok));
  }
  const positive = (value: string) => operands.some((operand) => operator.compare(operand, value));
  const holdsFor = (value: string) => (operator.negated ? !positive(value) : positive(value));
  let holds: boolean;
  if (set === 'forallvalues:') holds = requestValues.every(holdsFor);
  else if (set === 'foranyvalue:') holds = requestValues.some(holdsFor);
  else holds = operator.negated ? requestValues.every(holdsFor) : requestValues.some(holdsFor);
  return holds ? undefined : failure('no-match', unique(noValue));
}
