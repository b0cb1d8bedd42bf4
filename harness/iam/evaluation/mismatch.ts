/**
 * Why one part of a statement did not apply to a request, as data: evaluate.ts renders it into the
 * English reasons of a StatementMiss, explain.ts into English and Japanese sentences.
 */
export type Mismatch =
  | { part: 'effect'; effect: string }
  | { part: 'action'; element: 'none' }
  | { part: 'action'; element: 'Action'; values: string[]; requested: string; unknown: string[] }
  | { part: 'action'; element: 'NotAction'; values: string[]; requested: string; excludedBy: string }
  | { part: 'resource'; element: 'none' }
  | { part: 'resource'; element: 'Resource'; values: string[]; requested: string; noValue: string[] }
  | { part: 'resource'; element: 'NotResource'; values: string[]; requested: string; excludedBy: string }
  | { part: 'principal'; element: 'none' }
  | { part: 'principal'; element: 'Principal'; listed: PrincipalName[]; requested: PrincipalName }
  | { part: 'principal'; element: 'NotPrincipal'; listed: PrincipalName[]; requested: PrincipalName; excludedBy: string }
  | { part: 'principal'; element: 'NotPrincipal-with-Allow' }
  | { part: 'condition'; problem: ConditionProblem; operator: string; key: string; values: string[]; requestValues?: string[]; noValue?: string[] };

export type ConditionProblem = 'no-match' | 'key-missing' | 'unknown-operator';

/** A principal as a policy names it: { Service: "ecs-tasks.amazonaws.com" }, { AWS: "arn:…" }, or "*". */
export interface PrincipalName {
  type: 'AWS' | 'Service' | 'Federated' | 'CanonicalUser' | '*';
  value: string;
}
