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
 * 10-cluster-and-task-definition: what the learner's task definition uses (the sample image in
 * my-repo:latest, the execution role) and where the test runs a task of it (a public subnet).
 */
export interface TaskDefinitionGiven {
  /** The ECR repository my-repo; the sample image is pushed as latest (image: `${repositoryUri}:latest`). */
  repositoryUri: string;
  /** ecsTaskExecutionRole: trusted by ecs-tasks.amazonaws.com, with AmazonECSTaskExecutionRolePolicy. */
  executionRoleArn: string;
  /** The VPC, 10.0.0.0/16, tagged Name=kata-vpc; its main route table sends 0.0.0.0/0 to the internet gateway kata-igw. */
  vpcId: string;
  /** The public subnet the test runs the task in, 10.0.0.0/20, tagged Name=kata-subnet. */
  subnetId: string;
  /** The security group the test gives the task, my-sg (all outbound traffic allowed, as a new group is). */
  securityGroupId: string;
}

/**
 * 11-run-task and 14-execution-role: the article's world in a public subnet (the main route table
 * sends 0.0.0.0/0 to kata-igw) and the task definition family kata-app: the sample image in one
 * container `app`, whose awslogs go to /ecs/kata-app (streams ecs/app/<task id>).
 */
export interface KataAppGiven {
  /** The VPC, 10.0.0.0/16, tagged Name=kata-vpc. */
  vpcId: string;
  /** The public subnet to run tasks in, 10.0.0.0/20, tagged Name=kata-subnet. */
  subnetId: string;
  /** The internet gateway kata-igw, attached to the VPC, target of the main route table's 0.0.0.0/0. */
  internetGatewayId: string;
  /** The tasks' security group kata-app-sg: all traffic out (as a new group allows), nothing in. */
  securityGroupId: string;
  /** The ECS cluster's name, 'my-cluster'. */
  cluster: string;
  /** The ECR repository my-repo; the sample image is pushed as latest. */
  repositoryUri: string;
  /**
   * The registered kata-app revision (Fargate, awsvpc, 256 CPU units / 512 MiB, image
   * <repositoryUri>:latest). In 11 it has the execution role ecsTaskExecutionRole and awslogs; in 14
   * it has neither (Fargate refuses awslogs without an execution role).
   */
  taskDefinitionArn: string;
  /** '/ecs/kata-app'. */
  logGroupName: string;
}

/** 06-policy-document: the S3 buckets the kata's setup made; solve() returns the policy's ARN (a string). */
export interface S3BucketsGiven {
  /** The article's bucket, named 'mybucket-<account id>' (bucket names are global across accounts). It already holds one object, readme.txt. */
  bucket: string;
  /** Its ARN, arn:aws:s3:::mybucket-<account id> (the bucket itself; its objects are arn:aws:s3:::mybucket-<account id>/<key>). */
  bucketArn: string;
  /** Another bucket of the account, 'mybucket-<account id>-backup', which the policy must not open. */
  otherBucket: string;
}

/** 08-user-and-access-key: the ECR repositories the kata's setup made (both empty). */
export interface EcrRepositoriesGiven {
  /** 'my-repo', the article's repository, which ci-pusher pushes to. */
  repositoryName: string;
  /** <account>.dkr.ecr.<region>.amazonaws.com/my-repo */
  repositoryUri: string;
  /** arn:aws:ecr:<region>:<account>:repository/my-repo */
  repositoryArn: string;
  /** 'other-repo', another repository of the account, which ci-pusher must not push to. */
  otherRepositoryName: string;
  otherRepositoryUri: string;
  otherRepositoryArn: string;
}

/** 08-user-and-access-key: what solve() returns, the access key of IAM user ci-pusher as CreateAccessKey answered it. */
export interface CiPusherKey {
  accessKeyId: string;
  secretAccessKey: string;
}

/**
 * 15-service: a public subnet (its VPC's main route table sends 0.0.0.0/0 to the attached internet
 * gateway kata-igw), a security group for the tasks, and the sample registered as family kata-app.
 */
export interface ServiceGiven {
  /** The VPC, 10.0.0.0/16, tagged Name=kata-vpc. */
  vpcId: string;
  /** The public subnet the service's tasks run in, 10.0.0.0/20, tagged Name=kata-subnet. */
  subnetId: string;
  /** The tasks' security group kata-app-sg: no inbound rule, all outbound traffic allowed. */
  securityGroupId: string;
  /** The internet gateway kata-igw, attached to the VPC, target of the main route table's 0.0.0.0/0. */
  internetGatewayId: string;
  /** The ECS cluster's name, 'my-cluster'. */
  cluster: string;
  /** The task definition kata-app (Fargate, awsvpc, the sample image, awslogs to /ecs/kata-app). */
  taskDefinitionArn: string;
  /** The CloudWatch Logs group of its container, '/ecs/kata-app' (streams ecs/app/<task id>). */
  logGroupName: string;
}

/**
 * 12-give-the-task-a-role: the article's ECS world in a public subnet, with the family kata-app
 * registered without a task role: the article's state before its exercise (演習).
 */
export interface TaskRoleGiven {
  /** The VPC, 10.0.0.0/16, tagged Name=kata-vpc; its main route table sends 0.0.0.0/0 to an attached internet gateway. */
  vpcId: string;
  /** The public subnet to run the task in, 10.0.0.0/20, tagged Name=kata-subnet (a task needs a public IP to get out). */
  subnetId: string;
  /** The task's security group, kata-app-sg in the VPC: no inbound rule, all outbound traffic allowed (as a new group is). */
  securityGroupId: string;
  /** The ECS cluster's name, 'my-cluster'. */
  cluster: string;
  /** The ECR repository my-repo, holding the sample image under the tag latest. */
  repositoryUri: string;
  /** The task execution role ecsTaskExecutionRole (ECS pulls the image and ships the logs with it). */
  executionRoleArn: string;
  /** Revision 1 of the family kata-app: Fargate, awsvpc, container 'app' running my-repo:latest, awslogs, the execution role, no task role. */
  taskDefinitionArn: string;
  /** The log group of kata-app's container, '/ecs/kata-app' (streams ecs/app/<task id>). */
  logGroupName: string;
}

/**
 * 16-private-subnet-nat, 17-vpc-endpoints: the ECS side of a kata that runs the sample as the task
 * definition kata-app, whose task role may call ecr:DescribeImages on my-repo: whether the sample
 * logs the todo and the image details is up to the task's network alone.
 */
export interface KataAppTaskGiven {
  /** The ECS cluster's name, 'my-cluster'. */
  cluster: string;
  /** The task definition kata-app (Fargate, awsvpc, the sample image, awslogs, both roles). */
  taskDefinitionArn: string;
  /** The ECR repository my-repo, holding the sample image under the tag latest. */
  repositoryUri: string;
  /** ecsTaskExecutionRole: ECS pulls the image and writes the logs with it. */
  executionRoleArn: string;
  /** kata-app-task-role: the sample's own calls are signed with it; it allows ecr:DescribeImages on my-repo. */
  taskRoleArn: string;
  /** '/ecs/kata-app'; each task's output is in the stream ecs/app/<task id>. */
  logGroupName: string;
}

/**
 * 16-private-subnet-nat: a VPC with a public subnet (the VPC's main route table sends 0.0.0.0/0 to
 * the attached internet gateway) and a private subnet with a route table of its own (local only).
 */
export interface PrivateSubnetNatGiven extends KataAppTaskGiven {
  /** The VPC, 10.0.0.0/16, tagged Name=kata-vpc. */
  vpcId: string;
  vpcCidr: string;
  /** kata-public, 10.0.0.0/20: it uses the VPC's main route table (0.0.0.0/0 → the internet gateway). */
  publicSubnetId: string;
  publicSubnetCidr: string;
  /** kata-private, 10.0.16.0/20: it is associated with the route table kata-private-rt, whose only route is local. */
  privateSubnetId: string;
  privateSubnetCidr: string;
  /** kata-igw, attached to the VPC. */
  internetGatewayId: string;
  /** The task's security group kata-task-sg: no inbound rule, all outbound traffic allowed. */
  securityGroupId: string;
}

/**
 * 17-vpc-endpoints: a VPC (DNS support and DNS hostnames on) with one isolated subnet: no internet
 * gateway, no NAT gateway, no VPC endpoint; the subnet uses the VPC's main route table (local only).
 */
export interface IsolatedSubnetGiven extends KataAppTaskGiven {
  /** The VPC, 10.0.0.0/16, tagged Name=kata-vpc. */
  vpcId: string;
  vpcCidr: string;
  /** kata-isolated, 10.0.0.0/20. */
  subnetId: string;
  subnetCidr: string;
  /** The task's security group kata-task-sg: no inbound rule, all outbound traffic allowed. */
  taskSecurityGroupId: string;
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
