import { DescribeRouteTablesCommand, type EC2Client, type RouteTable } from '@aws-sdk/client-ec2';

/** Every route table of the VPC, all pages of DescribeRouteTables. */
export async function vpcRouteTables(ec2: EC2Client, vpcId: string): Promise<RouteTable[]> {
  const tables: RouteTable[] = [];
  let NextToken: string | undefined;
  do {
    const page = await ec2.send(new DescribeRouteTablesCommand({ Filters: [{ Name: 'vpc-id', Values: [vpcId] }], NextToken }));
    tables.push(...(page.RouteTables ?? []));
    NextToken = page.NextToken;
  } while (NextToken);
  return tables.filter((table) => table.VpcId === vpcId);
}

/** The VPC's main route table: the one a subnet without an association of its own uses. */
export const isMainRouteTable = (table: RouteTable) => (table.Associations ?? []).some((a) => a.Main);

/** Whether the subnet is associated with the table (an association being removed does not count). */
export const isAssociatedWith = (table: RouteTable, subnetId: string) =>
  (table.Associations ?? []).some((a) => a.SubnetId === subnetId && a.AssociationState?.State !== 'disassociated');
