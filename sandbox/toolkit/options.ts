import { z } from 'zod';

// Every sandbox validates its options once, failing fast with every problem named.
export function parseOptions<S extends z.ZodType>(
  schema: S,
  input: unknown,
  name: string,
): z.output<S> {
  const parsed = schema.safeParse(input);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  throw new Error(`invalid ${name} sandbox config: ${problems.join('; ')}`);
}

/** The traffic generator's options, alike for every vendor: off unless asked for. */
export const trafficOption = z
  .object({
    ratePerSecond: z.number().min(0).default(0),
    autoStart: z.boolean().default(false),
  })
  .default({ ratePerSecond: 0, autoStart: false });

/** Fastify log level, or false for none. */
export const loggerOption = z.union([z.literal(false), z.string()]).default(false);

/** A time source; tests move it instead of sleeping. */
export const clockOption = z
  .custom<() => number>((value) => typeof value === 'function')
  .optional();
