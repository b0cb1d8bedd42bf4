/** The region katas run in: ap-northeast-1 (the article's) unless KATA_REGION says otherwise. */
export function kataRegion(env: NodeJS.ProcessEnv = process.env): string {
  return env.KATA_REGION?.trim() || 'ap-northeast-1';
}
