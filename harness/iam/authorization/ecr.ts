/**
 * Amazon ECR (awsJson). Resource type per the Service Authorization Reference ("Actions,
 * resources, and condition keys for Amazon Elastic Container Registry"):
 *   repository  arn:${Partition}:ecr:${Region}:${Account}:repository/${RepositoryName}
 * The account is the request's registryId when it gives one, else the caller's.
 *
 * Real denials show the same ARNs, e.g.
 *   "… is not authorized to perform: ecr:CreateRepository on resource:
 *    arn:aws:ecr:eu-west-1:363838752048:repository/repoprovapedro because no identity-based policy
 *    allows the ecr:CreateRepository action" (a Terraform log quoted in a public repository), and
 *   DescribeRepositories without names authorizes against repository/*:
 *   "… ecr:DescribeRepositories on resource: arn:aws:ecr:us-east-1:649966627060:repository/*".
 *   GetAuthorizationToken takes no resource: "… ecr:GetAuthorizationToken on resource: * because …".
 */
import { jsonString, jsonStrings, jsonTags, requestTagContext, type JsonObject } from './request-params';
import { allow, missingParameter, type AuthorizedRequest, type OperationHandler, type ServiceAnswer } from './types';

function repositoryArn(request: AuthorizedRequest, params: JsonObject, name: string): string {
  const registry = jsonString(params, 'registryId') ?? request.accountId;
  return `arn:aws:ecr:${request.region}:${registry}:repository/${name}`;
}

/** The one repository the operation acts on, named by repositoryName. */
function onRepository(action: string): OperationHandler<JsonObject> {
  return (params, request) => {
    const name = jsonString(params, 'repositoryName');
    if (!name) return missingParameter(request.operation, 'repositoryName', 'repository');
    return allow([{ action: `ecr:${action}`, resource: repositoryArn(request, params, name) }]);
  };
}

/** Tagging calls name the repository by its ARN. */
function onResourceArn(action: string): OperationHandler<JsonObject> {
  return (params, request) => {
    const arn = jsonString(params, 'resourceArn');
    if (!arn) return missingParameter(request.operation, 'resourceArn', 'repository');
    const context =
      action === 'TagResource'
        ? requestTagContext(jsonTags(params, 'tags', 'Key', 'Value'))
        : action === 'UntagResource' && jsonStrings(params, 'tagKeys').length > 0
          ? { 'aws:TagKeys': jsonStrings(params, 'tagKeys') }
          : undefined;
    return allow([{ action: `ecr:${action}`, resource: arn }], context);
  };
}

const onAccount = (action: string): OperationHandler<JsonObject> => () => allow([{ action: `ecr:${action}`, resource: '*' }]);

export const ECR_OPERATIONS: Record<string, OperationHandler<JsonObject>> = {
  DescribeImages: onRepository('DescribeImages'),
  BatchGetImage: onRepository('BatchGetImage'),
  GetDownloadUrlForLayer: onRepository('GetDownloadUrlForLayer'),
  BatchCheckLayerAvailability: onRepository('BatchCheckLayerAvailability'),
  InitiateLayerUpload: onRepository('InitiateLayerUpload'),
  UploadLayerPart: onRepository('UploadLayerPart'),
  CompleteLayerUpload: onRepository('CompleteLayerUpload'),
  PutImage: onRepository('PutImage'),
  ListImages: onRepository('ListImages'),
  BatchDeleteImage: onRepository('BatchDeleteImage'),
  DeleteRepository: onRepository('DeleteRepository'),
  GetRepositoryPolicy: onRepository('GetRepositoryPolicy'),
  SetRepositoryPolicy: onRepository('SetRepositoryPolicy'),
  DeleteRepositoryPolicy: onRepository('DeleteRepositoryPolicy'),
  GetLifecyclePolicy: onRepository('GetLifecyclePolicy'),
  PutLifecyclePolicy: onRepository('PutLifecyclePolicy'),
  DeleteLifecyclePolicy: onRepository('DeleteLifecyclePolicy'),
  PutImageTagMutability: onRepository('PutImageTagMutability'),
  PutImageScanningConfiguration: onRepository('PutImageScanningConfiguration'),
  DescribeImageScanFindings: onRepository('DescribeImageScanFindings'),
  StartImageScan: onRepository('StartImageScan'),
  CreateRepository: (params, request) => {
    const name = jsonString(params, 'repositoryName');
    if (!name) return missingParameter(request.operation, 'repositoryName', 'repository');
    const context = requestTagContext(jsonTags(params, 'tags', 'Key', 'Value'));
    return allow([{ action: 'ecr:CreateRepository', resource: repositoryArn(request, params, name) }], context);
  },
  DescribeRepositories: (params, request) => {
    const names = jsonStrings(params, 'repositoryNames');
    // No names lists every repository of the registry: AWS authorizes against repository/*.
    const targets = names.length > 0 ? names : ['*'];
    return allow(targets.map((name) => ({ action: 'ecr:DescribeRepositories', resource: repositoryArn(request, params, name) })));
  },
  GetAuthorizationToken: onAccount('GetAuthorizationToken'),
  DescribeRegistry: onAccount('DescribeRegistry'),
  ListTagsForResource: onResourceArn('ListTagsForResource'),
  TagResource: onResourceArn('TagResource'),
  UntagResource: onResourceArn('UntagResource'),
};

export function ecrPermissions(params: JsonObject, request: AuthorizedRequest): ServiceAnswer | undefined {
  return ECR_OPERATIONS[request.operation.name]?.(params, request);
}
