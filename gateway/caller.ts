import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';

/**
 * Whose bucket a request draws on. Until authentication names the caller, a credential stands for
 * it (hashed: a key must not sit in memory or logs as it was sent), and else the client's address.
 * Authentication replaces this with the authenticated caller's id.
 */
export function callerKey(request: Pick<FastifyRequest, 'headers' | 'ip'>): string {
  const apiKey = request.headers['x-api-key'];
  const credential = (Array.isArray(apiKey) ? apiKey[0] : apiKey) ?? request.headers.authorization;
  if (credential) {
    return `credential:${createHash('sha256').update(credential).digest('base64url').slice(0, 22)}`;
  }
  return `ip:${request.ip}`;
}
