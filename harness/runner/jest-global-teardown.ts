export default async function globalTeardown(): Promise<void> {
  await globalThis.kataLocalCloud?.stop();
  globalThis.kataLocalCloud = undefined;
}
