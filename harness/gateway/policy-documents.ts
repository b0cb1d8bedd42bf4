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

/** The policy document an IAM write carries, if it carries one. */
export function policyDocumentIn(operation: Operation, params: URLSearchParams): { text: string; kind: DocumentKind; name: string } | undefined {
  if (operation.service !== 'iam') return undefined;
  const entry = DOCUMENT_PARAMETERS[operation.name];
  if (!entry) return undefined;
  const [parameter, kind] = entry;
  const text = params.get(parameter);
  if (text === null) return undefined;
  const name = params.get('PolicyName') ?? params.get('RoleName') ?? params.get('PolicyArn') ?? operation.name;
  return { text, kind, name };
}

/** IAM reads (Get*, List*, Simulate*) leave policies as they are; any other IAM call may change them. */
export function changesIam(operation: Operation): boolean {
  return operation.service === 'iam' && !/^(Get|List|Simulate|Generate)/.test(operation.name);
}
