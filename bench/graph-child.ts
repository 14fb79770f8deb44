// One gateway in a process of its own, for bench:graph: it gets its own event loop (and core), and
// its peak RSS and CPU time are its own. Driven over IPC: start → ready | failed, cpu → cpu (its
// CPU time so far), stop → stopped.
import { errorMessage } from '../lib/errors';
import {
  isGatewayKind,
  startBenchGateway,
  type BenchGateway,
  type GatewaySetup,
} from './graph-gateways';

export type ParentMessage =
  { type: 'start'; setup: GatewaySetup } | { type: 'cpu' } | { type: 'stop' };
export type ChildMessage =
  | { type: 'ready'; label: string; url: string }
  | { type: 'cpu'; micros: number }
  | { type: 'failed'; error: string }
  | { type: 'stopped'; maxRssBytes: number };

const kind = process.argv[2] ?? '';
const send = (message: ChildMessage) => process.send?.(message);

if (!process.send || !isGatewayKind(kind)) {
  console.error('bench/graph-child.ts is started by bench/graph.ts: fork(…, [plexus|hive])');
  process.exit(2);
}

let gateway: BenchGateway | undefined;
process.on('message', (message: ParentMessage) => {
  if (message.type === 'start') {
    startBenchGateway(kind, message.setup).then(
      (started) => {
        gateway = started;
        send({ type: 'ready', label: started.label, url: started.url });
      },
      (error: unknown) => send({ type: 'failed', error: errorMessage(error) }),
    );
  } else if (message.type === 'cpu') {
    const { user, system } = process.cpuUsage();
    send({ type: 'cpu', micros: user + system });
  } else {
    void (gateway?.stop() ?? Promise.resolve())
      .catch((error: unknown) => console.error(`stopping ${kind}: ${errorMessage(error)}`))
      .finally(() => {
        // maxRSS is in kilobytes.
        send({ type: 'stopped', maxRssBytes: process.resourceUsage().maxRSS * 1024 });
        process.disconnect();
      });
  }
});
// The parent went away without a stop: do not linger.
process.on('disconnect', () => process.exit(0));
