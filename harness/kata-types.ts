// The shapes of what each kata gives (`ctx.given`) and what its solve() returns, when they are
// more than a string or void. Learners import them: `import type { CidrToolkit } from 'aws-basics-dojo'`.

/**
 * 01-cidr-basics: what solve() returns. IPv4 only; every CIDR block the test passes is in
 * canonical form (no host bits set), e.g. '10.0.0.0/16'.
 */
export interface CidrToolkit {
  /** The subnet mask of a prefix length, in dotted decimal: 16 → '255.255.0.0', 20 → '255.255.240.0'. */
  netmask(prefixLength: number): string;
  /** An address (or mask) as 32 bits, 8 per octet: '10.0.0.0' → '00001010.00000000.00000000.00000000'. */
  toDottedBinary(address: string): string;
  /** Whether every address of the block `inner` is also in the block `outer`: ('10.0.0.0/16', '10.0.16.0/20') → true. */
  contains(outer: string, inner: string): boolean;
  /** `cidr` cut into blocks of `newPrefix` bits (newPrefix ≥ its prefix), lowest first: ('10.0.0.0/16', 20) → 16 blocks. */
  split(cidr: string, newPrefix: number): string[];
}

/** 03-subnets-in-two-azs: the VPC the kata's setup created (10.0.0.0/16, tagged Name=kata-vpc). */
export interface VpcGiven {
  /** The VPC's id, e.g. 'vpc-0abc…'. */
  vpcId: string;
  /** Its IPv4 CIDR block, e.g. '10.0.0.0/16'. */
  vpcCidr: string;
}

/**
 * The article's ECS world a kata's setup builds to run the sample task (04, 05): a VPC with one
 * subnet, the sample image in ECR, the execution role, the log group, the cluster and the task definition.
 */
export interface SampleTaskWorld {
  /** The VPC, 10.0.0.0/16, tagged Name=kata-vpc, with DNS support and DNS hostnames on. */
  vpcId: string;
  vpcCidr: string;
  /** The subnet the task runs in, 10.0.0.0/20, tagged Name=kata-subnet; it uses the VPC's main route table. */
  subnetId: string;
  subnetCidr: string;
  /** The ECS cluster's name, 'my-cluster'. */
  cluster: string;
  /** The registered task definition (family my-task: Fargate, awsvpc, the sample image, awslogs). */
  taskDefinitionArn: string;
  /** The ECR repository (my-repo) holding the sample image under the tag latest. */
  repositoryUri: string;
  /** The task execution role (ecsTaskExecutionRole: trusted by ecs-tasks.amazonaws.com, AmazonECSTaskExecutionRolePolicy). */
  executionRoleArn: string;
  /** The CloudWatch Logs group of the task's container, '/ecs/my-task' (streams ecs/my-container/<task id>). */
  logGroupName: string;
  /** The internet gateway attached to the VPC, when the world is public (kata-igw). */
  internetGatewayId?: string;
}

/**
 * 04-reachable-subnet: the article's ECS setup, ready to run the sample task in a subnet that does
 * not reach the internet yet (ECS itself reaches ECR and CloudWatch Logs through VPC endpoints).
 */
export interface SampleTaskGiven extends SampleTaskWorld {
  /** The task's security group, my-sg (all outbound traffic allowed, as a new group is). */
  securityGroupId: string;
}

/**
 * 05-security-group: the same world, but public: the VPC's main route table sends 0.0.0.0/0 to the
 * attached internet gateway kata-igw. There is no security group for the task yet.
 */
export interface PublicSampleTaskGiven extends SampleTaskWorld {
  /** The internet gateway kata-igw, attached to the VPC, target of the main route table's 0.0.0.0/0. */
  internetGatewayId: string;
}

/** 07-trust-policy: the IAM user the kata's setup made, who may call sts:AssumeRole on any role. */
export interface TrustPolicyGiven {
  /** The user's name, 'kata-user'. */
  userName: string;
  /** Its ARN, arn:aws:iam::<account>:user/kata-user. */
  userArn: string;
}

/** 07-trust-policy: what solve() returns, the ARNs of the two roles it created. */
export interface TrustPolicyRoles {
  /** kata-lambda-role, which only lambda.amazonaws.com may assume. */
  lambdaRoleArn: string;
  /** kata-ecs-task-role, which only ecs-tasks.amazonaws.com may assume. */
  ecsTaskRoleArn: string;
}

/**
 * 13-scope-the-policy: the article's ECS world in a public subnet, with the app's task role
 * kata-app-task-role, which may do far too much: every action on every resource.
 */
export interface ScopePolicyGiven {
  /** The task role to scope, 'kata-app-task-role' (trusted by ecs-tasks.amazonaws.com). */
  taskRoleName: string;
  /** Its ARN, arn:aws:iam::<account>:role/kata-app-task-role. */
  taskRoleArn: string;
  /** The repository the sample describes, 'my-repo', holding the sample image under the tag latest. */
  repositoryName: string;
  /** my-repo's URI, <account>.dkr.ecr.<region>.amazonaws.com/my-repo. */
  repositoryUri: string;
  /** Another repository of the account, 'other-repo', which the app has no business with. */
  otherRepositoryName: string;
  /** The task definition kata-app (Fargate, the sample image, the execution role, task role kata-app-task-role). */
  taskDefinitionArn: string;
  /** The ECS cluster's name, 'my-cluster'. */
  cluster: string;
  /** A public subnet (its route table sends 0.0.0.0/0 to an internet gateway) for the task. */
  subnetId: string;
  /** The task's security group, kata-app-sg (all outbound traffic allowed). */
  securityGroupId: string;
  /** The CloudWatch Logs group of the app's container, '/ecs/kata-app' (streams ecs/app/<task id>). */
  logGroupName: string;
}
