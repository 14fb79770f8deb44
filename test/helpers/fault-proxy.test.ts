import { createServer, Socket, type AddressInfo, type Server } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { startFaultProxy, type FaultProxy } from './fault-proxy';

/** An echo server: what a connection sends comes back. */
async function echo(): Promise<Server> {
  const server = createServer((socket) => {
    socket.on('error', () => {}); // the proxy resets connections on purpose
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return server;
}

async function connect(port: number): Promise<Socket> {
  const socket = new Socket();
  socket.on('error', () => {}); // reported by roundTrip
  await new Promise<void>((resolve, reject) => {
    socket.once('error', reject);
    socket.connect(port, '127.0.0.1', resolve);
  });
  return socket;
}

/** Sends `text` and resolves with what came back, or with the error that ended the socket. */
function roundTrip(socket: Socket, text: string): Promise<string | Error> {
  return new Promise((resolve) => {
    let got = '';
    socket.on('data', (chunk) => {
      got += chunk.toString();
      if (got.length >= text.length) resolve(got);
    });
    socket.once('error', resolve);
    socket.once('close', () => resolve(new Error(`closed after "${got}"`)));
    socket.write(text);
  });
}

const cleanup: (() => Promise<unknown> | void)[] = [];
afterEach(async () => {
  for (const fn of cleanup.splice(0).reverse()) await fn();
});

async function setup(): Promise<FaultProxy> {
  const server = await echo();
  cleanup.push(() => new Promise((resolve) => server.close(resolve)));
  const proxy = await startFaultProxy({
    target: { port: (server.address() as AddressInfo).port },
  });
  cleanup.push(() => proxy.close());
  return proxy;
}

it('passes bytes through unchanged, in order, with or without latency', async () => {
  const proxy = await setup();
  const socket = await connect(proxy.port);
  cleanup.push(() => void socket.destroy());
  expect(await roundTrip(socket, 'hello')).toBe('hello');

  proxy.setLatency(20);
  const socket2 = await connect(proxy.port);
  cleanup.push(() => void socket2.destroy());
  const text = Array.from({ length: 50 }, (_, i) => `chunk-${i};`).join('');
  expect(await roundTrip(socket2, text)).toBe(text);
  expect(proxy.stats.connections).toBe(2);
});

it('resets open connections, and refuses new ones while told to', async () => {
  const proxy = await setup();
  const socket = await connect(proxy.port);
  const ended = roundTrip(socket, '');
  await new Promise((resolve) => setTimeout(resolve, 50));
  expect(proxy.resetConnections()).toBe(1);
  expect(await ended).toBeInstanceOf(Error);

  proxy.setRefusing(true);
  const refused = await connect(proxy.port).then(
    (s) => roundTrip(s, 'x'),
    (error: Error) => error,
  );
  expect(refused).toBeInstanceOf(Error);

  proxy.setRefusing(false);
  const again = await connect(proxy.port);
  cleanup.push(() => void again.destroy());
  expect(await roundTrip(again, 'back')).toBe('back');
});
