import { Migration } from '@mikro-orm/migrations';

export class Migration20261202062501_connector_checkpoint extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "connector_checkpoint" ("namespace" text not null, "source" text not null, "key" text not null, "value" text not null, "updated_at" timestamptz not null, constraint "connector_checkpoint_pkey" primary key ("namespace", "source", "key"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "connector_checkpoint" cascade;`);
  }

}
