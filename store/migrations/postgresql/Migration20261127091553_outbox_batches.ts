import { Migration } from '@mikro-orm/migrations';

// One outbox row per projector transaction instead of one per message. Messages still pending
// become batches of one, so none is lost by the upgrade (nor by the way back).
export class Migration20261127091553_outbox_batches extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "outbox" add column "messages" text null;`);
    this.addSql(`update "outbox" set "messages" = json_build_array(json_build_object('topic', "topic", 'key', "key", 'value', "value"::json))::text;`);
    this.addSql(`alter table "outbox" drop column "topic", drop column "key", drop column "value", drop column "headers";`);
    this.addSql(`alter table "outbox" alter column "messages" set not null;`);
    // A batch is megabytes kept for milliseconds: lz4 compresses it in half the time pglz takes.
    // A server built without lz4 keeps the default.
    this.addSql(`do $$ begin alter table "outbox" alter column "messages" set compression lz4; exception when feature_not_supported or invalid_parameter_value then null; end $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "outbox" add column "topic" text null, add column "key" text null, add column "value" text null, add column "headers" jsonb null;`);
    this.addSql(`insert into "outbox" ("topic", "key", "value", "headers", "created_at") select m->>'topic', m->>'key', (m->'value')::text, '{"content-type":"application/json"}', o."created_at" from "outbox" o cross join lateral json_array_elements(o."messages"::json) with ordinality as e(m, n) where o."messages" is not null order by o."id", e.n;`);
    this.addSql(`delete from "outbox" where "messages" is not null;`);
    this.addSql(`alter table "outbox" drop column "messages";`);
    this.addSql(`alter table "outbox" alter column "topic" set not null, alter column "key" set not null, alter column "value" set not null, alter column "headers" set not null;`);
  }

}
