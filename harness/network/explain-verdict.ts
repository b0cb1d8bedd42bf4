import type { Bilingual } from '../i18n';
import type { BypassedEndpoint, Finding, NatRouteProblem, RouteTableUse } from './findings';
import { DEFAULT_DENY_RULE_NUMBER } from './network-acl-rules';
import { formatPorts } from './traffic';
import type { Destination, PathHop, TaskEni, Verdict } from './vpc-model';

/**
 * What a learner reads about a verdict, in English and Japanese: for an unreachable destination the
 * hop that stops the traffic and what to change (the explanation the verdict already carries), for
 * a reachable one how the traffic gets there.
 */
export function explainVerdict(verdict: Verdict, eni: TaskEni, destination: Destination): Bilingual {
  if (!verdict.reachable) return verdict.reason.explanation;
  return explainPath(verdict.path, eni, destination);
}

/** The explanation of an unreachable verdict, built once from what the analysis found. */
export function explainFinding(finding: Finding, eni: TaskEni, destination: Destination): Bilingual {
  const text = explainHop(finding, destination);
  if (!finding.bypassedEndpoint || destination.kind !== 'aws-service') return text;
  const note = explainBypass(finding.bypassedEndpoint, destination.service);
  return { en: `${text.en} ${note.en}`, ja: `${text.ja}${note.ja}` };
}

function list(ids: string[]): string {
  return ids.join(', ');
}

function groups(ids: string[]): Bilingual {
  return ids.length === 1
    ? { en: `security group ${ids[0]}`, ja: `セキュリティグループ ${ids[0]} ` }
    : { en: `security groups ${list(ids)}`, ja: `セキュリティグループ（${list(ids)}）` };
}

function table(use: RouteTableUse): Bilingual {
  return use.main
    ? { en: `route table ${use.routeTableId} (the VPC's main route table)`, ja: `ルートテーブル ${use.routeTableId}（VPC のメインルートテーブル）` }
    : { en: `route table ${use.routeTableId} (explicitly associated with the subnet)`, ja: `ルートテーブル ${use.routeTableId}（サブネットに明示的に関連付けたもの）` };
}

function destinationLabel(destination: Destination): Bilingual {
  switch (destination.kind) {
    case 'internet':
      return { en: `${destination.host} (${destination.address}:${destination.port})`, ja: `${destination.host}（${destination.address}:${destination.port}）` };
    case 'aws-service':
      return { en: `the ${destination.service} endpoint (${destination.address}:443)`, ja: `${destination.service} のエンドポイント（${destination.address}:443）` };
    case 'vpc-address':
      return { en: `${destination.address}:${destination.port}`, ja: `${destination.address}:${destination.port}` };
  }
}

function explainHop(finding: Finding, destination: Destination): Bilingual {
  switch (finding.code) {
    case 'DNS_RESOLUTION_DISABLED':
      return {
        en: `VPC ${finding.vpcId} has DNS resolution (enableDnsSupport) turned off, so names do not resolve inside it and the task cannot look up ${finding.host}. Turn it on with ModifyVpcAttribute (EnableDnsSupport: true).`,
        ja: `VPC ${finding.vpcId} の DNS 解決（enableDnsSupport）が無効なため、VPC 内では名前が解決できず、タスクは ${finding.host} のアドレスを引けません。ModifyVpcAttribute で EnableDnsSupport を true にしてください。`,
      };
    case 'ENI_SG_RULES_MISMATCH':
      return explainEgress(finding);
    case 'SUBNET_ACL_RESTRICTION':
      return explainAcl(finding);
    case 'NO_ROUTE_TO_DESTINATION': {
      const where = table(finding.table);
      if (destination.kind === 'vpc-address') {
        return {
          en: `Subnet ${finding.table.subnetId} uses ${where.en}, which has no route that matches ${finding.address}. Add a route for it, or associate the subnet with a route table that has one.`,
          ja: `サブネット ${finding.table.subnetId} が使う${where.ja}には、${finding.address} に一致するルートがありません。そのアドレスへのルートを追加するか、ルートを持つルートテーブルをサブネットに関連付けてください。`,
        };
      }
      const noRoute = {
        en: `Subnet ${finding.table.subnetId} uses ${where.en}, which has no route to 0.0.0.0/0 (nor any route that matches ${finding.address}), so the traffic has nowhere to go. Add a route 0.0.0.0/0 → an internet gateway attached to ${finding.vpcId} (or a NAT gateway in a public subnet), or associate the subnet with a route table that has one.`,
        ja: `サブネット ${finding.table.subnetId} が使う${where.ja}には 0.0.0.0/0 へのルートがなく（${finding.address} に一致するルートもなく）、通信の行き先がありません。${finding.vpcId} にアタッチしたインターネットゲートウェイ（またはパブリックサブネットの NAT ゲートウェイ）への 0.0.0.0/0 のルートを追加するか、そのルートを持つルートテーブルをサブネットに関連付けてください。`,
      };
      if (destination.kind !== 'aws-service') return noRoute;
      // Without the internet, an AWS service is still reachable privately: say so, or the advice
      // above would undo a subnet meant to stay isolated.
      return {
        en: `${noRoute.en} To reach ${destination.service} without the internet, create a VPC endpoint for it instead: an interface endpoint with private DNS in the subnet (S3: a gateway endpoint in this route table).`,
        ja: `${noRoute.ja}インターネットを通さずに ${destination.service} に到達するなら、代わりに VPC エンドポイントを作成します（サブネットにプライベート DNS を有効にしたインターフェイスエンドポイント、S3 ならこのルートテーブルにゲートウェイエンドポイント）。`,
      };
    }
    case 'ROUTE_BLACKHOLE': {
      const where = table(finding.table);
      const target = finding.targetId;
      return {
        en: `In ${where.en} of subnet ${finding.table.subnetId}, the route ${finding.routeDestination} → ${target} is a blackhole${finding.targetMissing ? ` (${target} no longer exists)` : ''}. It is the most specific route for ${finding.address}, so it wins over broader routes such as 0.0.0.0/0 and the traffic is dropped. Delete the route, or replace its target with one that exists.`,
        ja: `サブネット ${finding.table.subnetId} の${where.ja}で、ルート ${finding.routeDestination} → ${target} がブラックホールになっています${finding.targetMissing ? `（${target} はもう存在しません）` : ''}。${finding.address} に一致する最も具体的なルートなので 0.0.0.0/0 などより優先され、通信は破棄されます。このルートを削除するか、存在するターゲットに置き換えてください。`,
      };
    }
    case 'UNSUPPORTED_ROUTE_TARGET': {
      const where = table(finding.table);
      return {
        en: `${capitalize(where.en)} of subnet ${finding.table.subnetId} sends traffic for ${finding.address} (route ${finding.routeDestination}) to ${finding.targetId}. The dojo models internet gateways, NAT gateways and VPC endpoints only, so it treats this destination as unreachable; route it to one of those instead.`,
        ja: `サブネット ${finding.table.subnetId} の${where.ja}は、${finding.address} 宛ての通信（ルート ${finding.routeDestination}）を ${finding.targetId} に送ります。この道場が扱うのはインターネットゲートウェイ、NAT ゲートウェイ、VPC エンドポイントだけなので、この宛先には到達できないものとして扱います。これらのいずれかにルーティングしてください。`,
      };
    }
    case 'IGW_NOT_ATTACHED': {
      const where = table(finding.table);
      const start = {
        en: `${capitalize(where.en)} of subnet ${finding.table.subnetId} sends the traffic to internet gateway ${finding.internetGatewayId}`,
        ja: `サブネット ${finding.table.subnetId} の${where.ja}は通信をインターネットゲートウェイ ${finding.internetGatewayId} に送りますが`,
      };
      if (finding.attachedVpcId) {
        return {
          en: `${start.en}, but it is attached to ${finding.attachedVpcId}, not to ${finding.vpcId}. An internet gateway serves one VPC: attach one to ${finding.vpcId} and point the route at it.`,
          ja: `${start.ja}、このゲートウェイは ${finding.vpcId} ではなく ${finding.attachedVpcId} にアタッチされています。インターネットゲートウェイは 1 つの VPC にしかアタッチできないため、${finding.vpcId} にアタッチしたものをルートのターゲットにしてください。`,
        };
      }
      return {
        en: `${start.en}, but it is not attached to any VPC. Attach ${finding.internetGatewayId} to ${finding.vpcId} (AttachInternetGateway).`,
        ja: `${start.ja}、このゲートウェイはどの VPC にもアタッチされていません。AttachInternetGateway で ${finding.internetGatewayId} を ${finding.vpcId} にアタッチしてください。`,
      };
    }
    case 'ENI_NO_PUBLIC_IP':
      return {
        en: `Subnet ${finding.subnetId} routes the traffic to internet gateway ${finding.internetGatewayId}, but the task's ENI has no public IP address, and an internet gateway only carries traffic from interfaces that have one. Run the task with assignPublicIp ENABLED, or route through a NAT gateway.`,
        ja: `サブネット ${finding.subnetId} は通信をインターネットゲートウェイ ${finding.internetGatewayId} に送りますが、タスクの ENI にパブリック IP アドレスがありません。インターネットゲートウェイを通れるのはパブリック IP を持つインターフェイスの通信だけです。assignPublicIp を ENABLED にしてタスクを実行するか、NAT ゲートウェイ経由でルーティングしてください。`,
      };
    case 'NAT_GATEWAY_NOT_AVAILABLE': {
      const pending = finding.state === 'pending';
      return {
        en: `The route sends the traffic to NAT gateway ${finding.natGatewayId}, which is ${finding.state}, not available, so it forwards nothing. ${pending ? 'Wait until it is available.' : 'Create a new NAT gateway in a public subnet and point the route at it.'}`,
        ja: `ルートは通信を NAT ゲートウェイ ${finding.natGatewayId} に送りますが、その状態は available ではなく ${finding.state} のため、何も転送されません。${pending ? 'available になるまで待ってください。' : 'パブリックサブネットに NAT ゲートウェイを作り直し、ルートのターゲットにしてください。'}`,
      };
    }
    case 'NAT_GATEWAY_NO_PUBLIC_IP':
      return finding.connectivityType === 'private'
        ? {
            en: `NAT gateway ${finding.natGatewayId} is a private NAT gateway (ConnectivityType private): it has no public IP and cannot reach the internet. Create a public NAT gateway with an Elastic IP in a public subnet and route 0.0.0.0/0 to it.`,
            ja: `NAT ゲートウェイ ${finding.natGatewayId} はプライベート NAT ゲートウェイ（ConnectivityType が private）のため、パブリック IP がなくインターネットに出られません。パブリックサブネットに Elastic IP 付きのパブリック NAT ゲートウェイを作成し、0.0.0.0/0 をそこに向けてください。`,
          }
        : {
            en: `NAT gateway ${finding.natGatewayId} has no public IP address (no Elastic IP), so it cannot take the traffic to the internet. Create it with an Elastic IP (AllocationId).`,
            ja: `NAT ゲートウェイ ${finding.natGatewayId} にパブリック IP アドレス（Elastic IP）がないため、通信をインターネットに出せません。Elastic IP を指定（AllocationId）して作成してください。`,
          };
    case 'NAT_GATEWAY_NO_INTERNET': {
      const problem = natRouteProblem(finding.route);
      const where = table(finding.route.table);
      return {
        en: `NAT gateway ${finding.natGatewayId} is in subnet ${finding.natSubnetId}, whose ${where.en} ${problem.en}, so the NAT gateway cannot reach the internet either. A NAT gateway belongs in a public subnet: one whose route table sends 0.0.0.0/0 to an internet gateway attached to ${finding.vpcId}.`,
        ja: `NAT ゲートウェイ ${finding.natGatewayId} はサブネット ${finding.natSubnetId} にありますが、そのサブネットの${where.ja}${problem.ja}ため、NAT ゲートウェイもインターネットに出られません。NAT ゲートウェイはパブリックサブネット（0.0.0.0/0 を ${finding.vpcId} にアタッチしたインターネットゲートウェイに向けるルートテーブルを使うサブネット）に置いてください。`,
      };
    }
    case 'VPC_ENDPOINT_NOT_AVAILABLE': {
      const service = destination.kind === 'aws-service' ? destination.service : 'the service';
      return {
        en: `VPC endpoint ${finding.vpcEndpointId} for ${service} is ${finding.state}, not available, so it carries no traffic. Wait until it is available, or create it again.`,
        ja: `${service} の VPC エンドポイント ${finding.vpcEndpointId} の状態が available ではなく ${finding.state} のため、通信を受け付けません。available になるまで待つか、作成し直してください。`,
      };
    }
    case 'VPC_ENDPOINT_NO_SUBNETS':
      return {
        en: `Interface endpoint ${finding.vpcEndpointId} has no subnets, so it has no network interface for the service's name to resolve to. Add a subnet in each Availability Zone the tasks run in (ModifyVpcEndpoint, AddSubnetIds).`,
        ja: `インターフェイスエンドポイント ${finding.vpcEndpointId} にサブネットがないため、サービス名の解決先となるネットワークインターフェイスがありません。タスクが動くアベイラビリティーゾーンごとにサブネットを追加してください（ModifyVpcEndpoint の AddSubnetIds）。`,
      };
    case 'VPC_ENDPOINT_SG_RULES_MISMATCH': {
      const endpointGroups = groups(finding.securityGroupIds);
      const taskGroups = list(finding.sourceGroupIds);
      return {
        en: `The task reaches interface endpoint ${finding.vpcEndpointId} inside the VPC, but the endpoint's ${endpointGroups.en} allows no inbound HTTPS (TCP 443) from the task (${finding.sourceAddress}, ${taskGroups}). Add an inbound rule to ${finding.securityGroupIds[0]} for TCP 443 from the task's security group or the VPC's CIDR block.`,
        ja: `タスクからインターフェイスエンドポイント ${finding.vpcEndpointId} には VPC 内で届きますが、エンドポイントの${endpointGroups.ja}にタスク（${finding.sourceAddress}、${taskGroups}）からの HTTPS（TCP 443）を許可するインバウンドルールがありません。${finding.securityGroupIds[0]} に、タスクのセキュリティグループまたは VPC の CIDR ブロックからの TCP 443 を許可するインバウンドルールを追加してください。`,
      };
    }
  }
}

function explainEgress(finding: Extract<Finding, { code: 'ENI_SG_RULES_MISMATCH' }>): Bilingual {
  const taskGroups = groups(finding.securityGroupIds);
  const first = finding.securityGroupIds[0];
  const to = finding.vpcEndpointId
    ? { en: `interface endpoint ${finding.vpcEndpointId} (${finding.address})`, ja: `インターフェイスエンドポイント ${finding.vpcEndpointId}（${finding.address}）` }
    : { en: finding.address, ja: finding.address };
  const fix = finding.vpcEndpointId
    ? {
        en: `Add an outbound rule to ${first} for TCP ${finding.port} to the endpoint's security group or the VPC's CIDR block.`,
        ja: `${first} に、エンドポイントのセキュリティグループまたは VPC の CIDR ブロックへの TCP ${finding.port} を許可するアウトバウンドルールを追加してください。`,
      }
    : {
        en: `Add an outbound rule to ${first} for TCP ${finding.port} to ${finding.address} (or 0.0.0.0/0).`,
        ja: `${first} に、${finding.address}（または 0.0.0.0/0）への TCP ${finding.port} を許可するアウトバウンドルールを追加してください。`,
      };
  if (finding.noEgressRules) {
    return {
      en: `The task's ${taskGroups.en} has no outbound rules (the default rule that allows all outbound traffic was removed), so TCP ${finding.port} to ${to.en} is dropped as it leaves the task. ${fix.en}`,
      ja: `タスクの${taskGroups.ja}にはアウトバウンドルールがありません（すべての送信を許可するデフォルトのルールが削除されています）。そのため ${to.ja} への TCP ${finding.port} はタスクから出る時点で破棄されます。${fix.ja}`,
    };
  }
  return {
    en: `No outbound rule of the task's ${taskGroups.en} allows TCP ${finding.port} to ${to.en}, so the traffic is dropped as it leaves the task. ${fix.en}`,
    ja: `タスクの${taskGroups.ja}には ${to.ja} への TCP ${finding.port} を許可するアウトバウンドルールがないため、通信はタスクから出る時点で破棄されます。${fix.ja}`,
  };
}

function explainAcl(finding: Extract<Finding, { code: 'SUBNET_ACL_RESTRICTION' }>): Bilingual {
  const ports = formatPorts(finding.ports);
  const acl = finding.defaultAcl
    ? { en: `network ACL ${finding.networkAclId} (the VPC's default ACL)`, ja: `ネットワーク ACL ${finding.networkAclId}（VPC のデフォルト ACL）` }
    : { en: `network ACL ${finding.networkAclId}`, ja: `ネットワーク ACL ${finding.networkAclId}` };
  const outbound = finding.direction === 'outbound';
  const flow = outbound
    ? { en: `outbound TCP ${ports} to ${finding.peerAddress}`, ja: `${finding.peerAddress} へのアウトバウンド TCP ${ports}` }
    : { en: `inbound TCP ${ports} from ${finding.peerAddress}`, ja: `${finding.peerAddress} からのインバウンド TCP ${ports}` };
  const leg = finding.leg === 'request' ? { en: 'the request', ja: '要求' } : { en: 'the reply', ja: '戻りの通信' };
  const starRule = finding.ruleNumber === DEFAULT_DENY_RULE_NUMBER;
  const rule = starRule
    ? { en: 'the final * rule, which denies whatever no numbered rule allows', ja: 'どの番号付きルールにも一致せず、末尾の * ルールで拒否' }
    : { en: `rule ${finding.ruleNumber}`, ja: `ルール ${finding.ruleNumber} で拒否` };
  const stateless =
    finding.leg === 'reply'
      ? { en: ' Network ACLs are stateless: the reply to the task needs a rule of its own.', ja: 'ネットワーク ACL はステートレスなので、タスクへの応答にも専用の許可ルールが必要です。' }
      : { en: '', ja: '' };
  const direction = outbound ? { en: 'outbound', ja: 'アウトバウンド' } : { en: 'inbound', ja: 'インバウンド' };
  const toOrFrom = outbound ? 'への' : 'からの';
  const fix = starRule
    ? {
        en: `Add an ${direction.en} rule that allows TCP ${ports} ${outbound ? 'to' : 'from'} ${finding.peerAddress} (or 0.0.0.0/0).`,
        ja: `${finding.peerAddress}（または 0.0.0.0/0）${toOrFrom} TCP ${ports} を許可する${direction.ja}ルールを追加してください。`,
      }
    : {
        en: `Allow ${flow.en} with a rule numbered below ${finding.ruleNumber}, or change rule ${finding.ruleNumber}: the lowest-numbered matching rule wins.`,
        ja: `${flow.ja} を許可するルールを ${finding.ruleNumber} より小さい番号で追加するか、ルール ${finding.ruleNumber} を変更してください（一致したルールのうち番号の最も小さいものが適用されます）。`,
      };
  return {
    en: `The ${acl.en} of subnet ${finding.subnetId} denies ${leg.en}, ${flow.en}, by ${rule.en}.${stateless.en} ${fix.en}`,
    ja: `サブネット ${finding.subnetId} の${acl.ja} が、${leg.ja}（${flow.ja}）を拒否しています（${rule.ja}）。${stateless.ja}${fix.ja}`,
  };
}

function natRouteProblem(route: NatRouteProblem): Bilingual {
  const target = route.targetId ?? '';
  switch (route.problem) {
    case 'no-route':
      return { en: 'has no route to 0.0.0.0/0', ja: 'には 0.0.0.0/0 へのルートがない' };
    case 'blackhole':
      return { en: `sends 0.0.0.0/0 into a blackhole (${target})`, ja: `の 0.0.0.0/0 のルートがブラックホール（${target}）になっている` };
    case 'igw-not-attached':
      return route.attachedVpcId
        ? { en: `sends the traffic to internet gateway ${target}, which is attached to ${route.attachedVpcId}`, ja: `は通信をインターネットゲートウェイ ${target} に送るものの、それが ${route.attachedVpcId} にアタッチされている` }
        : { en: `sends the traffic to internet gateway ${target}, which is not attached to any VPC`, ja: `は通信をインターネットゲートウェイ ${target} に送るものの、それがどの VPC にもアタッチされていない` };
    case 'not-an-internet-gateway':
      return { en: `sends the traffic to ${target}, not to an internet gateway`, ja: `は通信をインターネットゲートウェイではなく ${target} に送っている` };
  }
}

function explainBypass(bypassed: BypassedEndpoint, service: string): Bilingual {
  return bypassed.why === 'private-dns-disabled'
    ? {
        en: `Interface endpoint ${bypassed.vpcEndpointId} is not used: its private DNS is off, so ${service}'s regional name still resolves to the public endpoint. Enable private DNS on it to keep the traffic in the VPC.`,
        ja: `インターフェイスエンドポイント ${bypassed.vpcEndpointId} は使われていません。プライベート DNS が無効なため、${service} のリージョンのエンドポイント名はパブリックなアドレスに解決されます。通信を VPC 内で完結させるには、プライベート DNS を有効にしてください。`,
      }
    : {
        en: `Interface endpoint ${bypassed.vpcEndpointId} is not used: its private DNS needs both enableDnsSupport and enableDnsHostnames on the VPC, and DNS hostnames are off.`,
        ja: `インターフェイスエンドポイント ${bypassed.vpcEndpointId} は使われていません。プライベート DNS には VPC の enableDnsSupport と enableDnsHostnames の両方が必要ですが、DNS ホスト名が無効です。`,
      };
}

function hopLabel(hop: PathHop): Bilingual {
  switch (hop.kind) {
    case 'eni':
      return { en: `task ENI in ${hop.id}`, ja: `タスクの ENI（${hop.id}）` };
    case 'dns':
      return { en: `DNS (${hop.id})`, ja: `DNS（${hop.id}）` };
    case 'security-group':
      return { en: `security group ${hop.id}`, ja: `セキュリティグループ ${hop.id}` };
    case 'network-acl':
      return { en: `network ACL ${hop.id}`, ja: `ネットワーク ACL ${hop.id}` };
    case 'route-table':
      return { en: `route table ${hop.id}`, ja: `ルートテーブル ${hop.id}` };
    case 'internet-gateway':
      return { en: `internet gateway ${hop.id}`, ja: `インターネットゲートウェイ ${hop.id}` };
    case 'nat-gateway':
      return { en: `NAT gateway ${hop.id}`, ja: `NAT ゲートウェイ ${hop.id}` };
    case 'vpc-endpoint':
      return { en: `VPC endpoint ${hop.id}`, ja: `VPC エンドポイント ${hop.id}` };
    case 'local':
      return { en: 'local route', ja: 'local ルート' };
  }
}

function explainPath(path: PathHop[], eni: TaskEni, destination: Destination): Bilingual {
  const idOf = (kind: PathHop['kind']): string | undefined => path.find((hop) => hop.kind === kind)?.id;
  const internetGateway = idOf('internet-gateway');
  const natGateway = idOf('nat-gateway');
  const endpoint = idOf('vpc-endpoint');
  const how: Bilingual = natGateway
    ? { en: `through NAT gateway ${natGateway} and internet gateway ${internetGateway}`, ja: `NAT ゲートウェイ ${natGateway} とインターネットゲートウェイ ${internetGateway} を経由して` }
    : internetGateway
      ? { en: `through internet gateway ${internetGateway}, with its public IP`, ja: `パブリック IP とインターネットゲートウェイ ${internetGateway} を使って` }
      : endpoint && idOf('local')
        ? { en: `inside the VPC, through interface endpoint ${endpoint} (its private DNS name resolves in the VPC)`, ja: `インターフェイスエンドポイント ${endpoint} を経由して VPC 内から（プライベート DNS 名が VPC 内で解決されます）` }
        : endpoint
          ? { en: `through gateway endpoint ${endpoint}, over its prefix-list route`, ja: `プレフィックスリストのルートでゲートウェイエンドポイント ${endpoint} を経由して` }
          : { en: 'inside the VPC, over the local route', ja: 'VPC 内の local ルートで' };
  const target = destinationLabel(destination);
  const hops = path.map(hopLabel);
  return {
    en: `The task in subnet ${eni.subnetId} reaches ${target.en} ${how.en}. Path: ${hops.map((hop) => hop.en).join(' → ')}.`,
    ja: `サブネット ${eni.subnetId} のタスクは、${how.ja} ${target.ja}${destination.kind === 'vpc-address' ? ' ' : ''}に到達できます。経路：${hops.map((hop) => hop.ja).join(' → ')}。`,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
