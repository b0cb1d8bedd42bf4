/** Colour only where the terminal shows it (respects NO_COLOR / FORCE_COLOR); plain text in a pipe. */
const colours = process.stdout.hasColors?.() ?? false;

const style = (open: number, close: number) => (text: string) => (colours ? `\x1b[${open}m${text}\x1b[${close}m` : text);

export const bold = style(1, 22);
export const dim = style(2, 22);
export const red = style(31, 39);
export const green = style(32, 39);
export const yellow = style(33, 39);
export const cyan = style(36, 39);

/** Clears the screen and its scrollback, then puts the cursor top left. */
export const CLEAR_SCREEN = '\x1b[2J\x1b[3J\x1b[H';

export function say(text = ''): void {
  process.stdout.write(`${text}\n`);
}

export function warn(text: string): void {
  process.stderr.write(`${text}\n`);
}
