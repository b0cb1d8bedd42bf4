import type { KataContext } from 'aws-basics-dojo';

export default async function solve(ctx: KataContext): Promise<string> {
  return '';
}
