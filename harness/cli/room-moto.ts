// `npm run room-moto`: one moto for a room of laptops, the harness's own (no Docker; a new
// account costs it about 1 MiB), listening on the network until Ctrl-C.
// Exit 0 when stopped; 1 when moto could not start; 2 for a bad command line.
import * as os from 'node:os';
import { parseArgs } from 'node:util';
import { MotoBackend, hostInUrl } from '../backends/moto/moto-backend';
import { learnerLanguage, localize, type Bilingual, type Language } from '../i18n';

const USAGE = 'Usage: npm run room-moto -- [--port <port>] [--host <address>] [--lang en|ja]';
const DEFAULT_PORT = 5000;

interface RoomMotoArguments {
  host: string;
  port: number;
  language: Language;
}

class UsageError extends Error {}

function parseRoomMotoArguments(argv: string[]): RoomMotoArguments {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, lang: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new UsageError(`${(error as Error).message}\n${USAGE}`);
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UsageError(`--port ${values.port} is not a TCP port (1 to 65535).\n${USAGE}`);
  const language = values.lang ?? learnerLanguage();
  if (language !== 'en' && language !== 'ja') throw new UsageError(`--lang ${values.lang}: the languages are en and ja.\n${USAGE}`);
  return { host: values.host ?? '0.0.0.0', port, language };
}

/** What the laptops can use in KATA_ENDPOINT: this machine's own addresses, or the one it was told to listen on. */
function addressesForLaptops(host: string): string[] {
  if (host !== '0.0.0.0' && host !== '::') return [hostInUrl(host)];
  const external = Object.values(os.networkInterfaces())
    .flat()
    .filter((address) => address !== undefined && address.family === 'IPv4' && !address.internal)
    .map((address) => address!.address);
  return external.length ? external : ['<this machine>'];
}

async function main(): Promise<number> {
  let args: RoomMotoArguments;
  try {
    args = parseRoomMotoArguments(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`${error.message}\n`);
    return 2;
  }
  const say = (text: Bilingual) => process.stdout.write(`${localize(text, args.language)}\n`);
  const moto = new MotoBackend((line) => process.stderr.write(`${line}\n`), { host: args.host, port: args.port });
  try {
    await moto.start();
  } catch (error) {
    say({
      en: `${(error as Error).message}\nIt was to listen on ${args.host}:${args.port}: --host must be an address of this machine (0.0.0.0 for all of them), and --port one that nothing else uses.`,
      ja: `${(error as Error).message}\n${args.host}:${args.port} で待ち受けようとしました。--host はこのマシンのアドレス(すべてなら 0.0.0.0)、--port はほかに使われていないポートにしてください。`,
    });
    return 1;
  }
  const endpoints = addressesForLaptops(args.host).map((address) => `KATA_BACKEND=endpoint KATA_ENDPOINT=http://${address}:${args.port} npm test katas`);
  say({
    en: `moto for the room is listening on ${args.host}:${args.port}. Every kata run still gets an account of its own.\nOn each laptop:\n  ${endpoints.join('\n  ')}\nIt has no authentication: use it on a network you trust. Ctrl-C stops it.`,
    ja: `教室用の moto が ${args.host}:${args.port} で待ち受けています。カタの実行ごとに専用のアカウントがあるのは変わりません。\n各 PC で:\n  ${endpoints.join('\n  ')}\n認証はありません。信頼できるネットワークで使ってください。Ctrl-C で止まります。`,
  });
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await moto.stop();
  say({ en: 'moto for the room stopped.', ja: '教室用の moto を止めました。' });
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    process.stderr.write(`room-moto failed: ${(error as Error).stack ?? String(error)}\n`);
    process.exit(1);
  },
);
