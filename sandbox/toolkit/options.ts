import type { z } from 'zod';

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
