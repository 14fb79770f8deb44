import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generateDataset } from '/work/main/demo/dataset';
import { createLogger } from '/work/main/lib/logger';
import { subgraphNames } from '/work/main/schema/subgraphs/index';
import { initORM } from '/work/main/store/orm';
import { StoreSink } from '/work/main/streams/projector/sink/index';
import { startSubgraph } from '/work/main/subgraphs/server';
import { startGateway } from '/work/main/gateway/server';
const logger = createLogger('x', 'error');
const dir = mkdtempSync(join(tmpdir(), 'probe-'));
const db = await initORM(`sqlite://${join(dir, 's.sqlite')}`, { migrate: true });
const events = generateDataset({ seed: 42 });
const sink = new StoreSink(db.orm, 'plexus');
for (let i = 0; i < events.length; i += 2000) await sink.apply(events.slice(i, i + 2000));
const urls: Record<string,string> = {};
for (const n of subgraphNames) urls[n] = (await startSubgraph(n, { em: db.orm.em, host: '127.0.0.1', port: 0, logger })).url;
const knex = db.orm.em.getKnex();
let count = 0; knex.on('query', () => count++);
const gw = await startGateway({ host: '127.0.0.1', port: 0, subgraphs: urls, logger });
const q = `{ customers(first: 5) { nodes { id orders(first: 5) { nodes { name lineItems { sku variant { sku stock { available } } } } } crm { lifecycleStage } accounting { openBalance { amount } } erp { number } } } }`;
for (let i = 0; i < 5; i++) {
  count = 0;
  const t = performance.now();
  const r = await fetch(gw.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: q }) });
  const text = await r.text();
  console.log('gateway', (performance.now() - t).toFixed(1), 'ms', text.length, 'sql', count);
}
// per subgraph
const t2 = performance.now();
const r2 = await fetch(urls.shopify!, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ customers(first: 5) { nodes { id } } }' }) });
await r2.text(); console.log('shopify direct', (performance.now() - t2).toFixed(1));
process.exit(0);
