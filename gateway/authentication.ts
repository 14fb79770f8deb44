import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Authenticate } from '../lib/auth/authenticate';
import type { Caller } from '../lib/auth/scopes';

/** What every resolver and data source of the gateway gets: who is calling. */
export interface GatewayContext {
  caller: Caller;
}

/**
 * Refuses a GraphQL request without valid credentials with 401 before Apollo sees it, and
 * remembers the caller of an accepted one for `contextOf`.
 */
export function authentication(authenticate: Authenticate) {
  const callers = new WeakMap<FastifyRequest, Caller>();
  const callerOf = (request: FastifyRequest): Caller => {
    const caller = callers.get(request);
    // The hook ran first for every request that reaches Apollo; this is a bug if it happens.
    if (!caller) throw new Error('request reached Apollo without a caller');
    return caller;
  };
  return {
    async hook(request: FastifyRequest, reply: FastifyReply) {
      // A CORS preflight carries no credentials by design.
      if (request.method === 'OPTIONS') return;
      const result = await authenticate(request.headers);
      if (result.ok) {
        callers.set(request, result.caller);
        return;
      }
      return reply
        .code(401)
        .header('www-authenticate', 'Bearer realm="plexus"')
        .send({
          errors: [
            {
              message: `Unauthenticated: ${result.reason}. Send "Authorization: Bearer <API key or token>".`,
              extensions: { code: 'UNAUTHENTICATED' },
            },
          ],
        });
    },
    callerOf,
    async contextOf(request: FastifyRequest): Promise<GatewayContext> {
      return { caller: callerOf(request) };
    },
  };
}
