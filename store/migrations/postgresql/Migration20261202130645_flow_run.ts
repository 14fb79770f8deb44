import { Migration } from '@mikro-orm/migrations';

export class Migration20261202130645_flow_run extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "flow_run" ("flow" text not null, "key" text not null, "state" text not null, "source_version" text null, "target_id" text null, "attempts" int not null default 0, "last_error" text null, "next_attempt_at" timestamptz not null, "lease_until" timestamptz null, "generation" int not null default 0, "updated_at" timestamptz not null, constraint "flow_run_pkey" primary key ("flow", "key"));`);
    this.addSql(`create index "flow_run_flow_state_next_attempt_at_index" on "flow_run" ("flow", "state", "next_attempt_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "flow_run" cascade;`);
  }

}
