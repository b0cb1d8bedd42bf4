/**
 * Fargate task sizes: the task-level cpu/memory combinations Fargate accepts, and how ECS reads
 * the values a task definition may carry ("1 vCPU", "2 GB", "512").
 *
 * Table: "Troubleshoot Amazon ECS task definition invalid CPU or memory errors"
 * (docs.aws.amazon.com/AmazonECS/latest/developerguide/task-cpu-memory-error.html) and the
 * `memory` parameter of the ECS API's TaskDefinition / RegisterTaskDefinition (same values):
 *   256 (.25 vCPU)  512 MiB, 1 GB, 2 GB
 *   512 (.5 vCPU)   1 GB – 4 GB in 1 GB steps
 *   1024 (1 vCPU)   2 GB – 8 GB in 1 GB steps
 *   2048 (2 vCPU)   4 GB – 16 GB in 1 GB steps
 *   4096 (4 vCPU)   8 GB – 30 GB in 1 GB steps
 *   8192 (8 vCPU)   16 GB – 60 GB in 4 GB steps   (Linux platform 1.4.0 or later)
 *   16384 (16 vCPU) 32 GB – 120 GB in 8 GB steps  (Linux platform 1.4.0 or later)
 * Conversion, from the same pages: cpu may be given in CPU units or vCPUs and memory in MiB or
 * GB; both are turned into integers (CPU units, MiB) when the task definition is registered,
 * 1 vCPU = 1024 units and 1 GB = 1024 MiB.
 */

interface MemoryRange {
  from: number;
  to: number;
  step: number;
}

const GB = 1024;

/** CPU units → the memory (MiB) Fargate accepts with them. */
export const FARGATE_SIZES: ReadonlyMap<number, MemoryRange> = new Map([
  [256, { from: 512, to: 2 * GB, step: 512 }],
  [512, { from: 1 * GB, to: 4 * GB, step: GB }],
  [1024, { from: 2 * GB, to: 8 * GB, step: GB }],
  [2048, { from: 4 * GB, to: 16 * GB, step: GB }],
  [4096, { from: 8 * GB, to: 30 * GB, step: GB }],
  [8192, { from: 16 * GB, to: 60 * GB, step: 4 * GB }],
  [16384, { from: 32 * GB, to: 120 * GB, step: 8 * GB }],
]);

/**
 * 256 with 512 MiB is allowed, but 256 with 1536 MiB is not: the 256 row lists 512, 1024 and
 * 2048 only, so its "step" alone does not describe it.
 */
const LISTED_ONLY: ReadonlyMap<number, readonly number[]> = new Map([[256, [512, 1024, 2048]]]);

/** The memory values (MiB) Fargate accepts with `cpu` units; empty when `cpu` is no Fargate size. */
export function fargateMemoryFor(cpu: number): number[] {
  const listed = LISTED_ONLY.get(cpu);
  if (listed) return [...listed];
  const range = FARGATE_SIZES.get(cpu);
  if (!range) return [];
  const values: number[] = [];
  for (let memory = range.from; memory <= range.to; memory += range.step) values.push(memory);
  return values;
}

export function isFargateSize(cpu: number, memory: number): boolean {
  return fargateMemoryFor(cpu).includes(memory);
}

/** "1024", 1024, "1 vCPU", ".25 vcpu", "0.5vCPU" → CPU units; undefined when it cannot be read. */
export function parseCpu(value: string | number | undefined): number | undefined {
  return parseWithUnit(value, /^v?cpus?$/i, 1024);
}

/** "2048", 2048, "2 GB", "0.5GB" → MiB; undefined when it cannot be read. */
export function parseMemory(value: string | number | undefined): number | undefined {
  return parseWithUnit(value, /^gb$/i, 1024);
}

function parseWithUnit(value: string | number | undefined, unit: RegExp, perUnit: number): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value === 'number') return Number.isInteger(value) && value > 0 ? value : undefined;
  const match = /^\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]*)\s*$/i.exec(value);
  if (!match) return undefined;
  const amount = Number(match[1]);
  const suffix = match[2] ?? '';
  const result = suffix === '' ? amount : unit.test(suffix) ? amount * perUnit : Number.NaN;
  return Number.isInteger(result) && result > 0 ? result : undefined;
}
