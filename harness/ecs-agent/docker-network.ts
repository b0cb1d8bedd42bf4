import type Docker from 'dockerode';
import { dockerMessage, dockerStatus } from '../images/docker-daemon';
import { DockerRuntimeError } from './docker-runtime-error';

export const DOJO_NETWORK = 'aws-basics-dojo-ecs';
export const DOJO_SUBNET = '169.254.170.0/24';
/**
 * The host's address on the dojo network (the bridge's gateway), where containers reach the
 * harness. It is the address ECS gives its credentials endpoint, and the only non-loopback http
 * address the AWS SDK accepts in AWS_CONTAINER_CREDENTIALS_FULL_URI (its checkUrl), so a task's
 * SDK takes credentials from the harness exactly as on Fargate.
 */
export const ECS_CONTAINER_HOST = '169.254.170.2';

/**
 * Creates the dojo's bridge network, or checks the one that exists. It stays when the harness
 * ends, as Docker's own bridge does: listeners of every harness process on this machine bind its
 * gateway address, and removing it under one of them would make that address vanish. It is `internal`: Docker
 * gives it no route off the machine (no NAT, no DNS beyond container names), so whether a task
 * reaches the internet is the harness's network model alone. Internal does not fence off the host
 * itself: a container can reach every port the host listens on at any of its addresses, which is
 * why harness listeners bind ECS_CONTAINER_HOST alone, never 0.0.0.0.
 */
export async function ensureDojoNetwork(docker: Docker): Promise<void> {
  const existing = await inspectDojoNetwork(docker);
  if (existing) return checkDojoNetwork(existing);
  try {
    await docker.createNetwork({
      Name: DOJO_NETWORK,
      Driver: 'bridge',
      Internal: true,
      CheckDuplicate: true,
      IPAM: { Driver: 'default', Config: [{ Subnet: DOJO_SUBNET, Gateway: ECS_CONTAINER_HOST }] },
      Labels: { 'aws-basics-dojo.purpose': 'ECS tasks of the local ECS agent' },
    });
  } catch (error) {
    // Another harness process created it first.
    const created = dockerStatus(error) === 409 ? await inspectDojoNetwork(docker) : undefined;
    if (created) return checkDojoNetwork(created);
    throw new DockerRuntimeError({
      en: `Creating the Docker network ${DOJO_NETWORK} (subnet ${DOJO_SUBNET}, gateway ${ECS_CONTAINER_HOST}, internal) failed: ${dockerMessage(error)}. ` +
        `Tasks run on that subnet because ${ECS_CONTAINER_HOST} is where ECS serves task credentials. If another Docker network uses an overlapping subnet ` +
        `(\`docker network inspect $(docker network ls -q) --format '{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}}'\`), remove it, then run again; or use KATA_RUNTIME=process.`,
      ja: `Docker ネットワーク ${DOJO_NETWORK}(サブネット ${DOJO_SUBNET}、ゲートウェイ ${ECS_CONTAINER_HOST}、internal)の作成に失敗しました: ${dockerMessage(error)}。` +
        `${ECS_CONTAINER_HOST} は ECS がタスクの認証情報を提供するアドレスなので、タスクはこのサブネットで動かします。重なるサブネットを使う Docker ネットワークがあれば` +
        `(\`docker network inspect $(docker network ls -q) --format '{{.Name}} {{range .IPAM.Config}}{{.Subnet}}{{end}}'\`)削除してからもう一度実行するか、KATA_RUNTIME=process を使ってください。`,
    }, { cause: error });
  }
}

async function inspectDojoNetwork(docker: Docker): Promise<Docker.NetworkInspectInfo | undefined> {
  try {
    return await docker.getNetwork(DOJO_NETWORK).inspect();
  } catch (error) {
    if (dockerStatus(error) === 404) return undefined;
    throw error;
  }
}

function checkDojoNetwork(network: Docker.NetworkInspectInfo): void {
  const config = network.IPAM?.Config ?? [];
  const fits = network.Internal === true && config.some((entry) => entry.Subnet === DOJO_SUBNET && entry.Gateway === ECS_CONTAINER_HOST);
  if (fits) return;
  const has = `subnet ${config.map((entry) => entry.Subnet).join(', ') || 'none'}, gateway ${config.map((entry) => entry.Gateway).join(', ') || 'none'}, ${network.Internal ? 'internal' : 'not internal'}`;
  throw new DockerRuntimeError({
    en: `A Docker network named ${DOJO_NETWORK} exists with ${has}; the ECS agent needs subnet ${DOJO_SUBNET}, gateway ${ECS_CONTAINER_HOST}, internal. ` +
      `Remove it (\`docker network rm ${DOJO_NETWORK}\`, after stopping what uses it) and run again: the agent creates it as it needs it.`,
    ja: `${DOJO_NETWORK} という Docker ネットワークが ${has} で存在します。ECS エージェントにはサブネット ${DOJO_SUBNET}、ゲートウェイ ${ECS_CONTAINER_HOST}、internal のものが必要です。` +
      `(使っているものを止めてから)\`docker network rm ${DOJO_NETWORK}\` で削除し、もう一度実行してください。エージェントが必要な形で作ります。`,
  });
}
