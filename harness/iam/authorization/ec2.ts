/**
 * Amazon EC2 (ec2 query protocol). Describe* actions take no resource: the Service Authorization
 * Reference ("Actions, resources, and condition keys for Amazon EC2") lists no resource type for
 * 177 of its 194 Describe actions, so they are authorized against "*". A handful do name a
 * resource; the ones the dojo can name from the request are modelled with that ARN, the others
 * are refused as not modelled rather than checked against the wrong resource. Every other EC2
 * operation is not modelled yet.
 *
 * EC2 leaves "on resource: *" out of its denials:
 *   "You are not authorized to perform this operation. User: arn:aws:iam::362454057659:user/demo-iam-user
 *    is not authorized to perform: ec2:DescribeInstances because no identity-based policy allows the
 *    ec2:DescribeInstances action" (an `aws ec2 describe-instances` transcript in a public repository)
 */
import { queryString } from './request-params';
import { allow, missingParameter, notModelled, type AuthorizedRequest, type RequiredPermission, type ServiceAnswer } from './types';

/** Describe actions whose resource the request names: parameter, and how the ARN is built from it. */
const RESOURCE_LEVEL_DESCRIBES: Record<string, { parameter: string; arn: (request: AuthorizedRequest, id: string) => string }> = {
  DescribeVpcAttribute: { parameter: 'VpcId', arn: (r, id) => `arn:aws:ec2:${r.region}:${r.accountId}:vpc/${id}` },
  DescribeInstanceAttribute: { parameter: 'InstanceId', arn: (r, id) => `arn:aws:ec2:${r.region}:${r.accountId}:instance/${id}` },
  DescribeVolumeAttribute: { parameter: 'VolumeId', arn: (r, id) => `arn:aws:ec2:${r.region}:${r.accountId}:volume/${id}` },
  DescribeImageAttribute: { parameter: 'ImageId', arn: (r, id) => `arn:aws:ec2:${r.region}::image/${id}` },
  DescribeSnapshotAttribute: { parameter: 'SnapshotId', arn: (r, id) => `arn:aws:ec2:${r.region}::snapshot/${id}` },
};

/** Describe actions that name a resource the dojo does not build ARNs for yet. */
const UNMODELLED_RESOURCE_DESCRIBES = new Set([
  'DescribeCapacityBlockExtensionOfferings',
  'DescribeClientVpnAuthorizationRules',
  'DescribeClientVpnConnections',
  'DescribeClientVpnRoutes',
  'DescribeClientVpnTargetNetworks',
  'DescribeFleetHistory',
  'DescribeFleetInstances',
  'DescribeFpgaImageAttribute',
  'DescribeSecurityGroupReferences',
  'DescribeSpotFleetInstances',
  'DescribeSpotFleetRequestHistory',
  'DescribeVpcEndpointServicePermissions',
]);

function describe(action: string, resource: string): RequiredPermission {
  return { action: `ec2:${action}`, resource, ...(resource === '*' && { messageResource: null }) };
}

export function ec2Permissions(params: URLSearchParams, request: AuthorizedRequest): ServiceAnswer | undefined {
  const name = request.operation.name;
  if (!name.startsWith('Describe')) return undefined;
  const resourceLevel = RESOURCE_LEVEL_DESCRIBES[name];
  if (resourceLevel) {
    const id = queryString(params, resourceLevel.parameter);
    if (!id) return missingParameter(request.operation, resourceLevel.parameter, 'resource');
    return allow([describe(name, resourceLevel.arn(request, id))]);
  }
  if (UNMODELLED_RESOURCE_DESCRIBES.has(name)) return notModelled(request.operation, 'it names a resource the dojo does not build ARNs for');
  return allow([describe(name, '*')]);
}
