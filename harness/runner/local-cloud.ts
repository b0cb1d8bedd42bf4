import type { Backend, BackendName, Capabilities } from '../backends/backend';
import { probeCapabilities } from '../backends/probe';
import { selectBackend } from '../backends/select-backend';
import { EcsAgent } from '../ecs-agent/agent';
import type { RuntimeName } from '../ecs-agent/container-runtime';
import { selectRuntime } from '../ecs-agent/select-runtime';
import { Gateway } from '../gateway/gateway';
import { localize } from '../i18n';
import { kataRegion } from '../region';
import { newAccount } from './control-api';

/** What a running local cloud tells the processes that run katas. */
export interface LocalCloudInfo {
  backend: BackendName;
  backendEndpoint: string;
  gatewayUrl: string;
  region: string;
  capabilities: Capabilities;
  /** Where the ECS agent runs task containers. */
  runtime: RuntimeName;
}

export interface LocalCloud {
  info: LocalCloudInfo;
  /** Host pids of the backend's processes (empty when it runs none here, e.g. an endpoint). */
  backendProcessIds(): Promise<number[]>;
  stop(): Promise<void>;
}

/**
 * Starts the chosen backend and the gateway in front of it, probes what the backend offers,
 * and makes sure the backend is stopped however this process ends.
 */
export async function startLocalCloud(log: (line: string) => void): Promise<LocalCloud> {
  const backend = selectBackend(process.env, log);
  const stopOnExit = stopBackendWhenProcessEnds(backend);
  let gateway: Gateway | undefined;
  let agent: EcsAgent | undefined;
  try {
    await backend.start();
    let capabilities: Capabilities = { available: [], missing: {} };
    gateway = new Gateway(backend, () => ({ backend: backend.name, capabilities }));
    const gatewayUrl = await gateway.listen();
    const openGatewayForAgent = gateway;
    agent = new EcsAgent({
      backend,
      gatewayUrl,
      assumeRoleAsService: (request) => openGatewayForAgent.assumeRoleAsService(request),
      openTaskPort: (task, host) => openGatewayForAgent.openTaskPort(task, host),
      runtime: selectRuntime(process.env),
    });
    await agent.start();
    gateway.useEcsAgent(agent);
    const region = kataRegion();
    const probeAccount = await newAccount(gatewayUrl);
    capabilities = await probeCapabilities(gatewayUrl, probeAccount, region);
    reportCapabilities(backend.name, capabilities, log);
    const info: LocalCloudInfo = { backend: backend.name, backendEndpoint: backend.endpoint(), gatewayUrl, region, capabilities, runtime: agent.runtimeName };
    const openGateway = gateway;
    const openAgent = agent;
    return {
      info,
      backendProcessIds: async () => (await backend.processIds?.()) ?? [],
      async stop() {
        openGateway.useEcsAgent(undefined);
        await openAgent.stop();
        await openGateway.close();
        await backend.stop();
        stopOnExit.dispose();
      },
    };
  } catch (error) {
    await agent?.stop();
    await gateway?.close();
    await backend.stop();
    stopOnExit.dispose();
    throw error;
  }
}

function reportCapabilities(backend: BackendName, capabilities: Capabilities, log: (line: string) => void): void {
  const missing = Object.entries(capabilities.missing);
  if (missing.length === 0) return;
  const answers = capabilities.available.join(', ');
  const lacking = missing.map(([service, reason]) => `${service} (${reason})`).join(', ');
  log(
    localize({
      en: `${backend} answers ${answers || 'none of the kata services'}; not in this edition: ${lacking}. Katas that need them are skipped; the default backend (moto) has them all.`,
      ja: `${backend} が応答したサービス: ${answers || 'なし'}。このエディションにないもの: ${lacking}。それらが必要なカタはスキップされます。既定のバックエンド(moto)にはすべてあります。`,
    }),
  );
}

/** Ctrl-C, a kill or a plain exit must not leave a backend behind. */
function stopBackendWhenProcessEnds(backend: Backend): { dispose(): void } {
  const onSignal = (signal: NodeJS.Signals) => {
    backend.stopNow();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };
  const onExit = () => backend.stopNow();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.once('SIGHUP', onSignal);
  process.once('exit', onExit);
  return {
    dispose() {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.off('SIGHUP', onSignal);
      process.off('exit', onExit);
    },
  };
}
