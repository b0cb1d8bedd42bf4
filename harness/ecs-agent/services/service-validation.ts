import type { EC2Client } from '@aws-sdk/client-ec2';
import type { CapacityProviderStrategyItem, NetworkConfiguration, TaskDefinition } from '@aws-sdk/client-ecs';
import type { Bilingual } from '../../i18n';
import { checkAwsvpcConfiguration, runsOnFargate, validateFargateRun, type FargateRejection } from '../fargate-validation';

/**
 * What ECS checks at CreateService (and at UpdateService, for the members it changes) before it
 * stores a service, answered as ECS answers (InvalidParameterException, HTTP 400). moto stores
 * any service; without these checks a service the scheduler can never launch would be created,
 * and its problem would surface only later as events.
 *
 * What ECS does NOT refuse at the call: a service with launchType EC2 in a cluster without
 * container instances. ECS creates it and its events say the task could not be placed
 * (`NO_CONTAINER_INSTANCES`); the agent's launcher answers that for every non-Fargate launch.
 *
 * Wordings: the comment by each check names where ECS's wording was seen; "(composed)" marks a
 * message written in ECS's style because no record of its wording was found.
 */

export interface ServiceRequest {
  /** The service's task definition, as DescribeTaskDefinition returns it. */
  taskDefinition: TaskDefinition;
  launchType?: string;
  capacityProviderStrategy?: CapacityProviderStrategyItem[];
  networkConfiguration?: NetworkConfiguration;
  /** CreateService or UpdateService, for the words of what to do next. */
  operation: 'CreateService' | 'UpdateService';
  /** An EC2 client of the service's account, to read its subnets and security groups. */
  ec2: EC2Client;
}

/**
 * Why a service's task could not be placed when it asks for EC2 container instances and the
 * cluster has none, as ECS's service event says it after "was unable to place a task because ".
 * Seen in service events: aws-samples/amazon-scalable-infra-discord-diffusion#3,
 * jazztong/mongo-ecs-ha-tf#1, ptokito/ECSClusterWithTerraform#3.
 */
export const NO_CONTAINER_INSTANCES =
  'no container instance met all of its requirements. Reason: No Container Instances were found in your cluster. ' +
  'For more information, see the Troubleshooting section of the Amazon ECS Developer Guide.';

const ASSIGN_PUBLIC_IP_VALUES = ['ENABLED', 'DISABLED'];

const reject = (en: string, ja: string, hint: Bilingual): FargateRejection => ({ ok: false, code: 'InvalidParameterException', message: { en, ja }, hint });

/** The service's request as ECS checks it at the call; undefined when ECS would accept it. */
export async function refuseInvalidService(request: ServiceRequest): Promise<FargateRejection | undefined> {
  const { taskDefinition, networkConfiguration, operation } = request;
  const awsvpc = networkConfiguration?.awsvpcConfiguration;
  const mode = taskDefinition.networkMode ?? 'bridge';

  if (mode === 'awsvpc' && !awsvpc) {
    // InvalidParameterException from CreateService: tryretool/retool-onpremise#84 ("CreateService
    // error: Network Configuration must be provided when networkMode 'awsvpc' is specified").
    return reject(
      "Network Configuration must be provided when networkMode 'awsvpc' is specified.",
      "networkMode が 'awsvpc' のときは、ネットワーク構成(networkConfiguration)を指定する必要があります。",
      {
        en:
          `The task definition ${taskDefinition.family}:${taskDefinition.revision} has networkMode awsvpc: each task of the service gets its own network interface in a subnet, so the service must say which. ` +
          `Pass networkConfiguration: { awsvpcConfiguration: { subnets: [subnet-id], securityGroups: [sg-id], assignPublicIp } } to ${operation}.`,
        ja:
          `タスク定義 ${taskDefinition.family}:${taskDefinition.revision} の networkMode は awsvpc です。サービスの各タスクにはサブネット内のネットワークインターフェースが割り当てられるので、どのサブネットかをサービスで指定する必要があります。` +
          `${operation} に networkConfiguration: { awsvpcConfiguration: { subnets: [サブネット ID], securityGroups: [セキュリティグループ ID], assignPublicIp } } を渡してください。`,
      },
    );
  }
  if (mode !== 'awsvpc' && networkConfiguration) {
    // InvalidParameterException from CreateService: boltops-tools/ufo#112, DataDog/test-infra-definitions#57.
    return reject(
      'Network Configuration is not valid for the given networkMode of this task definition.',
      'このタスク定義の networkMode では、ネットワーク構成(networkConfiguration)は指定できません。',
      {
        en: `The task definition's networkMode is ${mode}; only awsvpc takes a networkConfiguration. Leave networkConfiguration out, or use a task definition with networkMode "awsvpc".`,
        ja: `タスク定義の networkMode は ${mode} です。networkConfiguration を指定できるのは awsvpc のときだけです。networkConfiguration を外すか、networkMode が "awsvpc" のタスク定義を使ってください。`,
      },
    );
  }

  const assignPublicIp = awsvpc?.assignPublicIp;
  if (assignPublicIp !== undefined && !ASSIGN_PUBLIC_IP_VALUES.includes(assignPublicIp)) {
    // (composed) The API reference, AwsVpcConfiguration.assignPublicIp: "Valid Values: ENABLED | DISABLED".
    return reject(
      `Invalid value for assignPublicIp: ${JSON.stringify(assignPublicIp)}. Valid values are ENABLED and DISABLED.`,
      `assignPublicIp の値 ${JSON.stringify(assignPublicIp)} は無効です。指定できる値は ENABLED と DISABLED です。`,
      {
        en: "Give assignPublicIp 'ENABLED' (a task in a public subnet reaches the internet through the internet gateway) or 'DISABLED' (the default).",
        ja: "assignPublicIp には 'ENABLED'(パブリックサブネットのタスクがインターネットゲートウェイ経由でインターネットに出られます)か 'DISABLED'(既定値)を指定してください。",
      },
    );
  }

  if (!runsOnFargate(request)) {
    if (assignPublicIp === 'ENABLED') {
      // InvalidParameterException from CreateService with launchType EC2: aws/amazon-ecs-cli#627,
      // nathanpeck/socket.io-chat-fargate#3, pulumi/pulumi-cloud#452.
      const launch = request.launchType ?? 'EC2 (no launchType and no capacityProviderStrategy)';
      const launchJa = request.launchType ?? 'EC2(launchType も capacityProviderStrategy も指定なし)';
      return reject('Assign public IP is not supported for this launch type.', 'この起動タイプではパブリック IP を割り当てられません。', {
        en:
          `The service's launch type is ${launch}, and assignPublicIp is ENABLED: only Fargate gives a task's network interface a public IP. ` +
          `An EC2 service also needs EC2 container instances registered in the cluster, and this local cloud has none: create the service with launchType 'FARGATE' (or capacityProviderStrategy [{ capacityProvider: 'FARGATE' }]).`,
        ja:
          `サービスの起動タイプは ${launchJa} で、assignPublicIp が ENABLED です。タスクのネットワークインターフェースにパブリック IP を割り当てられるのは Fargate だけです。` +
          `また EC2 のサービスには、クラスターに登録された EC2 のコンテナインスタンスが必要ですが、このローカル環境にはありません。launchType 'FARGATE'(または capacityProviderStrategy [{ capacityProvider: 'FARGATE' }])でサービスを作成してください。`,
      });
    }
    // ECS accepts it; the service's events then say no container instance was found.
    if (!awsvpc) return undefined;
    const shape = checkAwsvpcConfiguration(networkConfiguration);
    return shape.ok ? undefined : shape;
  }

  // On Fargate, CreateService checks what RunTask checks: the definition's compatibility
  // ("Task definition does not support launch_type FARGATE.", seen from UpdateService in
  // sil-org/ecs-deploy#134, aws/aws-cli#3983), the subnets and security groups.
  const run = await validateFargateRun({ ...request, networkConfiguration });
  return run.ok ? undefined : run;
}
