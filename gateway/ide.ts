import { readFile } from 'node:fs/promises';
import { extname, resolve, sep } from 'node:path';
import { getDistDirectory, isSandboxFrame, renderAltair, SANDBOX_FRAME_CSP } from 'altair-static';
import type { FastifyInstance } from 'fastify';

const contentTypes: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.md': 'text/markdown; charset=utf-8',
};

export const exampleQuery = `# The customer-360 view: one person as all four systems know them.
query Customers {
  customers(first: 5) {
    totalCount
    nodes {
      id email firstName lastName
      identities { source sourceId }
      orders(first: 3) {
        nodes {
          name totalPrice { amount currencyCode }
          lineItems { sku quantity variant { sku stock { location { name } available } } }
          erp { salesOrderNumber status }
          accounting { invoiceNumber paid }
        }
      }
      erp { number balanceDue { amount currencyCode } }
      crm { lifecycleStage company { name } deals { nodes { name stage } } }
      accounting { openBalance { amount currencyCode } invoices(first: 3) { totalCount } }
    }
  }
}
`;

/**
 * Serves the Altair GraphQL IDE from node_modules under `path`, so that it works with no network:
 * Apollo's own landing page would load its bundle from a CDN.
 */
export function registerIde(
  app: FastifyInstance,
  options: { path: string; endpoint: string; headers?: Record<string, string> },
) {
  const dist = getDistDirectory();
  const base = `${options.path}/`;
  const html = renderAltair({
    baseURL: base,
    endpointURL: options.endpoint,
    initialQuery: exampleQuery,
    initialName: 'Plexus',
    // The demo's key, so the IDE works at once; the page is then as secret as the key.
    initialHeaders: options.headers,
  });

  app.get(options.path, (_request, reply) => reply.redirect(base));
  app.get(base, (_request, reply) => reply.type(contentTypes['.html'] ?? 'text/html').send(html));
  app.get<{ Params: { '*': string } }>(`${base}*`, async (request, reply) => {
    const wanted = request.params['*'];
    const file = resolve(
      dist,
      wanted.endsWith('/') || wanted === '' ? `${wanted}index.html` : wanted,
    );
    // Only files inside the bundle: a crafted path must not read the rest of the disk.
    if (!file.startsWith(dist + sep)) return reply.code(404).send();
    try {
      const body = await readFile(file);
      if (isSandboxFrame(file)) reply.header('Content-Security-Policy', SANDBOX_FRAME_CSP);
      return reply
        .type(contentTypes[extname(file)] ?? 'application/octet-stream')
        .header('Cache-Control', 'public, max-age=3600')
        .send(body);
    } catch {
      return reply.code(404).send();
    }
  });
}
