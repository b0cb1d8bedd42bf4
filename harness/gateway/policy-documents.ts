import type { PolicyTarget } from '../iam/validate-policy';
import type { Operation } from './operation';

export type DocumentKind = 'identity' | 'trust';

/** Which request parameter of which IAM write carries a policy document, and of what kind. */
const DOCUMENT_PARAMETERS: Record<string, [parameter: string, kind: DocumentKind]> = {
  CreatePolicy: ['PolicyDocument', 'identity'],
  CreatePolicyVersion: ['PolicyDocument', 'identity'],
  PutUserPolicy: ['PolicyDocument', 'identity'],
  PutRolePolicy: ['PolicyDocument', 'identity'],
  PutGroupPolicy: ['PolicyDocument', 'identity'],
  CreateRole: ['AssumeRolePolicyDocument', 'trust'],
  UpdateAssumeRolePolicy: ['PolicyDocument', 'trust'],
};

export interface CarriedDocument {
  text: string;
  kind: DocumentKind;
  /** Where it goes: size limits and version rules differ between managed and inline policies. */
  target: PolicyTarget;
}

/** The policy document an IAM write carries, if it carries one. */
export function policyDocumentIn(operation: Operation, params: URLSearchParams): CarriedDocument | undefined {
  if (operation.service !== 'iam') return undefined;
  const entry = DOCUMENT_PARAMETERS[operation.name];
  if (!entry) return undefined;
  const [parameter, kind] = entry;
  const text = params.get(parameter);
  if (text === null) return undefined;
  return { text, kind, target: targetOf(operation.name, params) };
}

function targetOf(operationName: string, params: URLSearchParams): PolicyTarget {
  if (operationName === 'PutUserPolicy') return { type: 'user', name: params.get('UserName') ?? '' };
  if (operationName === 'PutGroupPolicy') return { type: 'group', name: params.get('GroupName') ?? '' };
  if (operationName === 'PutRolePolicy' || operationName === 'CreateRole' || operationName === 'UpdateAssumeRolePolicy') {
    return { type: 'role', name: params.get('RoleName') ?? '' };
  }
  return { type: 'managed' };
}

/** IAM reads (Get*, List*, Simulate*) leave policies as they are; any other IAM call may change them. */
export function changesIam(operation: Operation): boolean {
  return operation.service === 'iam' && !/^(Get|List|Simulate|Generate)/.test(operation.name);
}
