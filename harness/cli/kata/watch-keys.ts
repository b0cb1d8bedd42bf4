import * as readline from 'node:readline';

export type WatchKey = 'hint' | 'next' | 'list' | 'quit' | 'interrupt';

const KEYS: Record<string, WatchKey> = { h: 'hint', n: 'next', l: 'list', q: 'quit' };

/**
 * The keys of watch mode: single key presses on a terminal (raw mode), or one key per line from a
 * pipe, which is how scripts and tests drive it.
 */
export function listenForKeys(onKey: (key: WatchKey) => void): { close(): void } {
  const stdin = process.stdin;
  if (stdin.isTTY) {
    readline.emitKeypressEvents(stdin);
    stdin.setRawMode(true);
    const onKeypress = (text: string | undefined, key: { name?: string; ctrl?: boolean } | undefined) => {
      if (key?.ctrl && key.name === 'c') onKey('interrupt');
      else if (text && KEYS[text.toLowerCase()]) onKey(KEYS[text.toLowerCase()]);
    };
    stdin.on('keypress', onKeypress);
    stdin.resume();
    return {
      close() {
        stdin.off('keypress', onKeypress);
        stdin.setRawMode(false);
        stdin.pause();
      },
    };
  }
  const lines = readline.createInterface({ input: stdin });
  lines.on('line', (line) => {
    const key = KEYS[line.trim().slice(0, 1).toLowerCase()];
    if (key) onKey(key);
  });
  return { close: () => lines.close() };
}
