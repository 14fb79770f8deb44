import { Migration } from '@mikro-orm/migrations';

export class Migration20261202055006_canonical_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "canonical_version" ("id" uuid not null, "entity" text not null, "version" bigint not null, constraint "canonical_version_pkey" primary key ("id"));`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "canonical_version" cascade;`);
  }

}
