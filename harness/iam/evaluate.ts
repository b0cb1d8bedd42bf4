import { analyse } from './evaluation/analyse';
import { reasonEn } from './evaluation/reasons';
import type { StatementCheck } from './evaluation/statements';
import type { EvaluationInput, EvaluationResult, StatementMiss } from './policy-types';

/**
 * Decides one request the way AWS does within an account (see evaluation/analyse.ts for the
 * rules and the documentation they follow). Pure: no I/O beyond reading the bundled IAM action
 * catalogue once per service, for the "no such action?" hint.
 */
export function evaluate(input: EvaluationInput): EvaluationResult {
  const analysis = analyse(input);
  return {
    decision: analysis.decision,
    decidingStatements: analysis.deciding.map((check) => check.ref),
    decidedBy: analysis.decidedBy,
    ...(analysis.closest ? { closest: toMiss(analysis.closest) } : {}),
  };
}

export function toMiss(check: StatementCheck): StatementMiss {
  return {
    ref: check.ref,
    mismatched: [...new Set(check.mismatches.map((mismatch) => mismatch.part))],
    reasons: check.mismatches.map(reasonEn),
  };
}
