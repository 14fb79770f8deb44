import { startSandboxServer } from '../toolkit/server';
import type { BcSandbox } from './index';

// How the sandbox's tests speak to it: plain fetch over HTTP, as a connector would.
export async function getToken(sb: BcSandbox, secret = sb.clientSecret): Promise<Response> {
  return fetch(sb.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: sb.clientId,
      client_secret: secret,
      scope: sb.scope,
    }).toString(),
  });
}

export async function bearer(sb: BcSandbox): Promise<string> {
  const body = (await (await getToken(sb)).json()) as { access_token: string };
  return body.access_token;
}

export async function call(
  url: string,
  token: string,
  init: { method?: string; body?: unknown; headers?: Record<string, string> } = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const response = await fetch(url, {
    method: init.method ?? 'GET',
    headers: {
      authorization: `Bearer ${token}`,
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
      ...init.headers,
    },
    body: init.body === undefined ? undefined : JSON.stringify(init.body),
  });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? (JSON.parse(text) as Record<string, unknown>) : {},
  };
}

/** A BC webhook receiver: echoes `validationToken` (unless told not to) and records notifications. */
export async function startBcReceiver(
  options: { echo?: boolean; status?: (n: number) => number } = {},
) {
  const notifications: unknown[] = [];
  const server = await startSandboxServer({
    routes: (app) => {
      app.post<{ Querystring: { validationToken?: string } }>('/bc', async (request, reply) => {
        const token = request.query.validationToken;
        if (token !== undefined) {
          return reply.type('text/plain').send(options.echo === false ? 'nope' : token);
        }
        notifications.push(request.body);
        return reply.code(options.status?.(notifications.length) ?? 202).send('');
      });
    },
  });
  const waitFor = async (count: number, timeoutMs = 5000) => {
    const deadline = Date.now() + timeoutMs;
    while (notifications.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${notifications.length} of ${count}`);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    return notifications;
  };
  return { url: `${server.url}/bc`, notifications, waitFor, close: server.close };
}
