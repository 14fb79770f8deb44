import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { AccessTokens } from '../toolkit/tokens';
import { bcError } from './errors';

// Microsoft Entra ID's client-credentials grant, as BC's service-to-service auth uses it:
// `POST /{tenant}/oauth2/v2.0/token` (form) → a bearer token with `expires_in`. Refusals carry
// Entra's AADSTS error bodies; the API's own 401 carries BC's error body.
export const bcScope = 'https://api.businesscentral.dynamics.com/.default';

const tokenRequestSchema = z.object({
  grant_type: z.string(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  scope: z.string().optional(),
});

export interface TokenRouteOptions {
  tenantId: string;
  clientId: string;
  clientSecret: string;
  ttlSeconds: number;
  tokens: AccessTokens;
}

function entraError(error: string, code: number, description: string) {
  return {
    error,
    error_description: `AADSTS${code}: ${description} Trace ID: ${randomUUID()} Correlation ID: ${randomUUID()} Timestamp: ${new Date().toISOString()}`,
    error_codes: [code],
    timestamp: new Date().toISOString(),
    trace_id: randomUUID(),
    correlation_id: randomUUID(),
  };
}

export function registerTokenRoutes(app: FastifyInstance, options: TokenRouteOptions): void {
  app.addContentTypeParser(
    'application/x-www-form-urlencoded',
    { parseAs: 'string' },
    (_request, body, done) => done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  const handler = async (body: unknown, reply: FastifyReply, tenant: string) => {
    if (tenant !== options.tenantId && tenant !== 'common') {
      return reply
        .code(400)
        .send(entraError('invalid_request', 90002, `Tenant '${tenant}' not found.`));
    }
    const form = tokenRequestSchema.safeParse(body);
    if (!form.success) {
      return reply
        .code(400)
        .send(entraError('invalid_request', 900144, "The request body must contain 'grant_type'."));
    }
    const { grant_type, client_id, client_secret, scope } = form.data;
    if (grant_type !== 'client_credentials') {
      return reply
        .code(400)
        .send(
          entraError(
            'unsupported_grant_type',
            70003,
            'The app requested an unsupported grant type.',
          ),
        );
    }
    if (client_id !== options.clientId) {
      return reply
        .code(400)
        .send(
          entraError(
            'unauthorized_client',
            700016,
            `Application '${client_id ?? ''}' was not found.`,
          ),
        );
    }
    if (client_secret !== options.clientSecret) {
      return reply
        .code(401)
        .send(entraError('invalid_client', 7000215, 'Invalid client secret provided.'));
    }
    if (scope !== bcScope) {
      return reply
        .code(400)
        .send(
          entraError(
            'invalid_scope',
            70011,
            `The provided value for scope '${scope ?? ''}' is not valid.`,
          ),
        );
    }
    const token = options.tokens.issue(client_id, options.ttlSeconds);
    return reply.send({
      token_type: 'Bearer',
      expires_in: options.ttlSeconds,
      ext_expires_in: options.ttlSeconds,
      access_token: token.token,
    });
  };
  app.post('/oauth2/v2.0/token', async (request, reply) =>
    handler(request.body, reply, options.tenantId),
  );
  app.post<{ Params: { tenant: string } }>('/:tenant/oauth2/v2.0/token', async (request, reply) =>
    handler(request.body, reply, request.params.tenant),
  );
}

/** BC's 401 for a missing, unknown or expired bearer token. */
export function unauthorized(reply: FastifyReply, reason: string) {
  const error = reason === 'expired' ? 'invalid_token' : 'invalid_request';
  return reply
    .code(401)
    .header(
      'www-authenticate',
      `Bearer authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", error="${error}"`,
    )
    .send(
      bcError(
        'Authentication_InvalidCredentials',
        reason === 'expired'
          ? 'The credentials provided are incorrect: the access token has expired.'
          : 'The server has rejected the client credentials.',
      ),
    );
}
