import { Migration } from '@mikro-orm/migrations';

export class Migration20261202131526_redaction extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "redaction" ("id" uuid not null, "source" text not null, "entity" text not null, "source_id" text not null, "treatment" text not null, "request_id" text not null, "redacted_at" timestamptz not null, constraint "redaction_pkey" primary key ("id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "redaction" cascade;`);
  }

}
