import { Migration } from '@mikro-orm/migrations';

// One outbox row per projector transaction instead of one per message. Messages still pending
// become batches of one, so none is lost by the upgrade (nor by the way back). SQLite cannot add a
// NOT NULL column to a table with rows, so the table is rebuilt.
export class Migration20261127091553_outbox_batches extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`outbox_batches\` (\`id\` integer not null primary key autoincrement, \`messages\` text not null, \`created_at\` datetime not null);`);
    this.addSql(`insert into \`outbox_batches\` (\`id\`, \`messages\`, \`created_at\`) select \`id\`, json_array(json_object('topic', \`topic\`, 'key', \`key\`, 'value', json(\`value\`))), \`created_at\` from \`outbox\` order by \`id\`;`);
    this.addSql(`drop table \`outbox\`;`);
    this.addSql(`alter table \`outbox_batches\` rename to \`outbox\`;`);
  }

  override async down(): Promise<void> {
    this.addSql(`create table \`outbox_messages\` (\`id\` integer not null primary key autoincrement, \`topic\` text not null, \`key\` text not null, \`value\` text not null, \`headers\` json not null, \`created_at\` datetime not null);`);
    this.addSql(`insert into \`outbox_messages\` (\`topic\`, \`key\`, \`value\`, \`headers\`, \`created_at\`) select json_extract(m.value, '$.topic'), json_extract(m.value, '$.key'), json(json_extract(m.value, '$.value')), '{"content-type":"application/json"}', o.\`created_at\` from \`outbox\` o, json_each(o.\`messages\`) m order by o.\`id\`, m.key;`);
    this.addSql(`drop table \`outbox\`;`);
    this.addSql(`alter table \`outbox_messages\` rename to \`outbox\`;`);
  }

}
