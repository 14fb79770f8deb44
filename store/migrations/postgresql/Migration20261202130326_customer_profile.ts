import { Migration } from '@mikro-orm/migrations';

export class Migration20261202130326_customer_profile extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_profile" ("id" uuid not null, "version" bigint not null, "updated_at" timestamptz not null, "currency" text null, "lifetime_value" numeric(14,2) not null, "lifetime_value_minor" bigint not null, "order_count" int not null, "average_order_value" numeric(14,2) null, "refunds_total" numeric(14,2) not null, "first_order_at" timestamptz null, "last_order_at" timestamptz null, "erp_balance" numeric(14,2) null, "erp_currency" text null, "books_balance" numeric(14,2) null, "books_currency" text null, "has_open_balance" boolean not null, "lifecycle_stage" text null, "owner_email" text null, "email_consent" boolean null, "email_consent_source" text null, "email_consent_changed_at" timestamptz null, "sms_consent" boolean null, "sms_consent_source" text null, "sms_consent_changed_at" timestamptz null, "identities" jsonb not null, "absorbed_ids" jsonb not null, constraint "customer_profile_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_profile_lifecycle_stage_index" on "customer_profile" ("lifecycle_stage");`);
    this.addSql(`create index "customer_profile_last_order_at_index" on "customer_profile" ("last_order_at");`);
    this.addSql(`create index "customer_profile_lifetime_value_minor_index" on "customer_profile" ("lifetime_value_minor");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "customer_profile" cascade;`);
  }

}
