import { parseArgs } from 'node:util';
import type { Language } from '../../i18n';
import { CliError } from './cli-error';

export const COMMANDS = ['list', 'watch', 'hint', 'reset', 'doctor', 'help'] as const;
export type Command = (typeof COMMANDS)[number];

export interface CliArguments {
  command: Command;
  /** The kata id (or prefix) the command was given, if any. */
  kata?: string;
  language?: Language;
  yes: boolean;
  poll: boolean;
}

const OPTIONS = {
  lang: { type: 'string' },
  yes: { type: 'boolean', short: 'y' },
  poll: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const OPTION_LIST = '--lang en|ja, --yes (reset), --poll (watch), --help';
/** How many kata ids each command takes: [at least, at most]. */
const KATA_ARGUMENTS: Record<Command, [number, number]> = { list: [0, 0], watch: [0, 1], hint: [1, 1], reset: [1, 1], doctor: [0, 0], help: [0, 0] };

/** `kata [command] [id] [--lang en|ja] [--yes] [--poll]`; every mistake names the value and the valid choices. */
export function parseCliArguments(args: string[]): CliArguments {
  // strict: false so an unknown flag is reported in our words, with the flags there are.
  const { values, positionals, tokens } = parseArgs({ args, options: OPTIONS, allowPositionals: true, strict: false, tokens: true });
  for (const token of tokens) {
    if (token.kind !== 'option') continue;
    if (!(token.name in OPTIONS))
      throw new CliError({
        en: `"${token.rawName}" is not an option of kata. Options: ${OPTION_LIST}.`,
        ja: `"${token.rawName}" は kata のオプションではありません。オプション: ${OPTION_LIST}。`,
      });
    const takesValue = OPTIONS[token.name as keyof typeof OPTIONS].type === 'string';
    if (takesValue && token.value === undefined)
      throw new CliError({ en: `${token.rawName} needs a value: --lang en or --lang ja.`, ja: `${token.rawName} には値が必要です: --lang en または --lang ja。` });
    if (!takesValue && token.value !== undefined)
      throw new CliError({ en: `${token.rawName} takes no value (got "${token.value}").`, ja: `${token.rawName} は値を取りません("${token.value}" が指定されました)。` });
  }
  const language = values.lang as string | undefined;
  if (language !== undefined && language !== 'en' && language !== 'ja')
    throw new CliError({ en: `--lang ${language} is not a language of the dojo; use --lang en or --lang ja.`, ja: `--lang ${language} は道場の言語ではありません。--lang en か --lang ja を指定してください。` });

  const [first, ...rest] = positionals;
  const command = values.help ? 'help' : ((first ?? 'list') as Command);
  if (!COMMANDS.includes(command))
    throw new CliError({
      en: `"${first}" is not a kata command. Commands: ${COMMANDS.join(', ')}. For example: npm run kata -- watch 01`,
      ja: `"${first}" は kata のコマンドではありません。コマンド: ${COMMANDS.join(', ')}。例: npm run kata -- watch 01`,
    });
  const ids = values.help ? [] : rest;
  const [least, most] = KATA_ARGUMENTS[command];
  if (ids.length < least)
    throw new CliError({ en: `kata ${command} needs a kata id, e.g. npm run kata -- ${command} 01`, ja: `kata ${command} にはカタ ID が必要です。例: npm run kata -- ${command} 01` });
  if (ids.length > most) {
    const extra = ids.slice(most).join(' ');
    throw new CliError({
      en: `kata ${command} takes ${most === 0 ? 'no kata id' : 'one kata id'}; "${extra}" is one too many.`,
      ja: `kata ${command} が受け取るカタ ID は${most === 0 ? 'ありません' : '1 つだけです'}。"${extra}" は余分です。`,
    });
  }
  return { command, kata: ids[0], language: language as Language | undefined, yes: values.yes === true, poll: values.poll === true };
}

/** The language --lang asks for, looked up before anything else so even argument errors use it. */
export function requestedLanguage(args: string[]): Language | undefined {
  for (const [index, arg] of args.entries()) {
    const value = arg.startsWith('--lang=') ? arg.slice('--lang='.length) : arg === '--lang' ? args[index + 1] : undefined;
    if (value === 'en' || value === 'ja') return value;
  }
  return undefined;
}
