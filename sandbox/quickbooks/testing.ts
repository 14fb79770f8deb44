import type { QboSandbox } from './index';

// How the sandbox's tests speak to it: plain fetch over HTTP, as a connector would.
export async function refresh(
  sb: QboSandbox,
  refreshToken: string,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const basic = Buffer.from(`${sb.clientId}:${sb.clientSecret}`).toString('base64');
  const response = await fetch(sb.tokenUrl, {
    method: 'POST',
    headers: {
      authorization: `Basic ${basic}`,
      accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
    },
    body: new URLSearchParams({
      grant_type: 'refresh_token',
      refresh_token: refreshToken,
    }).toString(),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

export async function qbo(
  sb: QboSandbox,
  token: string,
  path: string,
  params: Record<string, string> = {},
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const url = new URL(`${sb.companyUrl}/${path}`);
  for (const [k, v] of Object.entries({ minorversion: '75', ...params }))
    url.searchParams.set(k, v);
  const response = await fetch(url, {
    headers: { authorization: `Bearer ${token}`, accept: 'application/json' },
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

export const query = (
  sb: QboSandbox,
  token: string,
  q: string,
  params: Record<string, string> = {},
) => qbo(sb, token, 'query', { query: q, ...params });

/** A write: `POST {company}/{entity}` with a JSON body (and `requestid`, when given). */
export async function post(
  sb: QboSandbox,
  token: string,
  entity: string,
  body: unknown,
  params: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const url = new URL(`${sb.companyUrl}/${entity}`);
  for (const [k, v] of Object.entries({ minorversion: '75', ...params }))
    url.searchParams.set(k, v);
  const response = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      accept: 'application/json',
      'content-type': 'application/json',
    },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}
