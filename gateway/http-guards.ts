import type { FastifyError, FastifyInstance } from 'fastify';
import { gatewayRefusals } from '../lib/metrics';

/**
 * The host names a browser may reach the gateway by. A page on another site can point its own DNS
 * name at 127.0.0.1 (DNS rebinding) and then read the graph as same-origin; checking `Host` against
 * the names the gateway is meant to be called by closes that.
 */
export function allowedHosts(configured: readonly string[], boundHost: string): Set<string> {
  if (configured.length) return new Set(configured.map((h) => h.toLowerCase()));
  const loopback = ['localhost', '127.0.0.1', '[::1]', '::1'];
  const wildcard = boundHost === '0.0.0.0' || boundHost === '::';
  return new Set(wildcard ? loopback : [...loopback, boundHost.toLowerCase()]);
}

// The IDE needs its own scripts and styles; what it must not do is be framed by another site.
const securityHeaders: Record<string, string> = {
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'SAMEORIGIN',
  'content-security-policy': "frame-ancestors 'self'; base-uri 'self'; form-action 'self'",
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-resource-policy': 'same-origin',
};

const probes = new Set(['/health', '/ready', '/metrics']);

/**
 * Refuses other hosts with 421, answers HTTP-level refusals in GraphQL's shape and adds the
 * security headers to every answer.
 */
export function registerHttpGuards(app: FastifyInstance, hosts: ReadonlySet<string>) {
  app.addHook('onRequest', async (request, reply) => {
    // Probes and scrapers call by service name and serve nothing a page could steal.
    if (probes.has(request.url.split('?')[0] ?? '')) return;
    const hostname = request.hostname.toLowerCase();
    if (hosts.has(hostname)) return;
    gatewayRefusals.inc({ code: 'HOST_NOT_ALLOWED' });
    return reply.code(421).send({
      errors: [
        {
          message: `Host "${hostname}" is not one this gateway serves (PLEXUS_ALLOWED_HOSTS).`,
          extensions: { code: 'HOST_NOT_ALLOWED' },
        },
      ],
    });
  });
  // A body over the limit or not JSON is the client's fault: say so in GraphQL's shape.
  app.setErrorHandler((error: FastifyError, _request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) throw error;
    const code = status === 413 ? 'BODY_TOO_LARGE' : 'BAD_REQUEST';
    gatewayRefusals.inc({ code });
    return reply.code(status).send({ errors: [{ message: error.message, extensions: { code } }] });
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    for (const [name, value] of Object.entries(securityHeaders)) {
      // A route that sets its own (the IDE's sandbox frame) keeps it.
      if (!reply.hasHeader(name)) void reply.header(name, value);
    }
    return payload;
  });
}
