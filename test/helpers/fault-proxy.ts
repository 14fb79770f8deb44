// A TCP proxy that breaks the network on command, between Plexus and its broker or database: added
// latency on every chunk in both directions, every open connection reset, new connections refused.
// Bytes pass through unchanged, so what it injects is only what a bad network would.
import { createServer, Socket, type AddressInfo, type Server } from 'node:net';

export interface FaultProxy {
  port: number;
  /** Delay added to every chunk, each way; 0 passes bytes at once. */
  setLatency(ms: number): void;
  /** Resets every open connection (RST, as a middlebox dropping its state would). */
  resetConnections(): number;
  /** While on, each new connection is reset as soon as it is accepted. */
  setRefusing(on: boolean): void;
  readonly stats: { connections: number; resets: number; open: number };
  close(): Promise<void>;
}

export async function startFaultProxy(options: {
  target: { host?: string; port: number };
  /** Listen here (e.g. a port a broker advertises); default a free one. */
  port?: number;
}): Promise<FaultProxy> {
  let latency = 0;
  let refusing = false;
  const pairs = new Set<[Socket, Socket]>();
  const stats = { connections: 0, resets: 0, open: 0 };

  const pipe = (from: Socket, to: Socket) => {
    // Chunks stay in order: each is written once the one before it is due.
    let chain = Promise.resolve();
    from.on('data', (chunk) => {
      if (latency === 0) {
        to.write(chunk);
        return;
      }
      from.pause();
      const delay = latency;
      chain = chain.then(
        () =>
          new Promise((resolve) =>
            setTimeout(() => {
              if (!to.destroyed) to.write(chunk);
              from.resume();
              resolve();
            }, delay),
          ),
      );
    });
  };

  const server: Server = createServer((client) => {
    stats.connections += 1;
    if (refusing) {
      stats.resets += 1;
      client.resetAndDestroy();
      return;
    }
    const upstream = new Socket();
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    stats.open = pairs.size;
    const end = () => {
      if (!pairs.delete(pair)) return;
      stats.open = pairs.size;
      client.destroy();
      upstream.destroy();
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    upstream.connect(options.target.port, options.target.host ?? '127.0.0.1');
    pipe(client, upstream);
    pipe(upstream, client);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });

  const resetAll = () => {
    let n = 0;
    for (const pair of [...pairs]) {
      pairs.delete(pair);
      for (const socket of pair) if (!socket.destroyed) socket.resetAndDestroy();
      n += 1;
    }
    stats.resets += n;
    stats.open = 0;
    return n;
  };

  return {
    port: (server.address() as AddressInfo).port,
    setLatency: (ms) => {
      latency = Math.max(0, ms);
    },
    resetConnections: resetAll,
    setRefusing: (on) => {
      refusing = on;
    },
    stats,
    async close() {
      resetAll();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
