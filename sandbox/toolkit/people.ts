import { z } from 'zod';

// People to seed verbatim in several sandboxes at once, so that one person can be a customer
// in every system (with emails that differ only in case or whitespace, as they do in real life).
export const personSchema = z.object({
  email: z.string().min(1),
  firstName: z.string().min(1),
  lastName: z.string().min(1),
  phone: z.string().optional(),
});
export type Person = z.infer<typeof personSchema>;
