import { explainVerdict } from '../network/explain-verdict';
import type { Bilingual } from '../i18n';
import { analyzeReachability } from '../network/reachability';
import { snapshotForTask } from '../network/read-vpc-snapshot';
import type { Destination, Verdict } from '../network/vpc-model';
import type { KataClients } from '../runner/clients';

export type { Destination, Verdict };

/** Where a task would run: its subnet, security groups and public IP, as RunTask's awsvpcConfiguration. */
export interface TaskPlacement {
  subnetId: string;
  securityGroupIds: string[];
  assignPublicIp: 'ENABLED' | 'DISABLED';
}

/**
 * The network model's verdict, from the VPC's state now, for a task placed so that opens TCP to
 * `destination` (e.g. a port the sample never uses): reachable with its path, or the first hop
 * that refuses it with the reason; `explanation` is what a learner reads.
 */
export async function networkVerdict(
  clients: KataClients,
  region: string,
  placement: TaskPlacement,
  destination: Destination,
): Promise<{ verdict: Verdict; explanation: Bilingual }> {
  const { snapshot, eni } = await snapshotForTask(clients.ec2, region, {
    subnets: [placement.subnetId],
    securityGroups: placement.securityGroupIds,
    assignPublicIp: placement.assignPublicIp,
  });
  const verdict = analyzeReachability(snapshot, eni, destination);
  return { verdict, explanation: explainVerdict(verdict, eni, destination) };
}
