import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { waitFor } from '../../test/helpers/kafka';
import { WebhookDeliverer } from './webhooks';

// A real receiver that counts the TCP connections it holds open, answers each request a little
// later (so deliveries overlap), and closes idle keep-alive connections quickly, as the ingress does.
interface CountingReceiver {
  url: string;
  open: () => number;
  maxOpen: () => number;
  answered: () => number;
  close: () => Promise<void>;
}

async function startCountingReceiver(keepAliveTimeoutMs: number): Promise<CountingReceiver> {
  let open = 0;
  let maxOpen = 0;
  let answered = 0;
  const server = http.createServer((request, response) => {
    request.resume();
    request.on('end', () =>
      setTimeout(() => {
        answered += 1;
        response.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
      }, 5),
    );
  });
  server.keepAliveTimeout = keepAliveTimeoutMs;
  server.on('connection', (socket) => {
    open += 1;
    maxOpen = Math.max(maxOpen, open);
    socket.once('close', () => (open -= 1));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhooks`,
    open: () => open,
    maxOpen: () => maxOpen,
    answered: () => answered,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

let receiver: CountingReceiver | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
});

describe('webhook connections', () => {
  it('sends a burst of deliveries over a bounded number of connections, all answered', async () => {
    receiver = await startCountingReceiver(5_000);
    const deliverer = new WebhookDeliverer({ maxSockets: 4, knobs: { maxAttempts: 1 } });
    for (let i = 0; i < 300; i += 1) {
      deliverer.deliver({ url: receiver.url, body: JSON.stringify({ i }), headers: {} });
    }
    await deliverer.idle();
    expect(deliverer.stats).toMatchObject({ delivered: 300, failed: 0 });
    expect(receiver.answered()).toBe(300);
    // Global fetch opened one connection per delivery in flight: hundreds here.
    expect(receiver.maxOpen()).toBeLessThanOrEqual(4);
    expect(deliverer.openSockets).toBeLessThanOrEqual(4);
    await deliverer.close();
    expect(deliverer.openSockets).toBe(0);
    await waitFor(() => receiver?.open() === 0, { timeoutMs: 10_000, intervalMs: 20 });
  });

  it('closes its side when the receiver closes an idle connection (no CLOSE-WAIT left)', async () => {
    receiver = await startCountingReceiver(50);
    const deliverer = new WebhookDeliverer({ maxSockets: 4, knobs: { maxAttempts: 1 } });
    for (let i = 0; i < 40; i += 1) {
      deliverer.deliver({ url: receiver.url, body: '{}', headers: {} });
    }
    await deliverer.idle();
    expect(deliverer.stats.delivered).toBe(40);
    // The receiver closed every idle connection after 50 ms; a sender that did not close its end
    // would still count them (and the kernel would hold them in CLOSE-WAIT).
    await waitFor(() => receiver?.open() === 0 && deliverer.openSockets === 0, {
      timeoutMs: 10_000,
      intervalMs: 20,
    });
    // Later deliveries open fresh connections rather than failing on the closed ones.
    deliverer.deliver({ url: receiver.url, body: '{}', headers: {} });
    await deliverer.idle();
    expect(deliverer.stats).toMatchObject({ delivered: 41, failed: 0 });
    await deliverer.close();
  });

  it('drops the deliveries still waiting for a connection when it closes', async () => {
    receiver = await startCountingReceiver(5_000);
    const deliverer = new WebhookDeliverer({ maxSockets: 2, knobs: { maxAttempts: 1 } });
    for (let i = 0; i < 500; i += 1) {
      deliverer.deliver({ url: receiver.url, body: '{}', headers: {} });
    }
    await deliverer.close();
    // At most the two on a connection (and any that got one before close) went out.
    expect(receiver.answered()).toBeLessThan(500);
    expect(deliverer.stats.delivered + deliverer.stats.failed).toBe(500);
    expect(deliverer.waiting).toBe(0);
    expect(deliverer.openSockets).toBe(0);
  });
});
