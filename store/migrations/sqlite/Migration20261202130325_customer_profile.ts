import { Migration } from '@mikro-orm/migrations';

export class Migration20261202130325_customer_profile extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`customer_profile\` (\`id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`currency\` text null, \`lifetime_value\` text not null, \`lifetime_value_minor\` bigint not null, \`order_count\` integer not null, \`average_order_value\` text null, \`refunds_total\` text not null, \`first_order_at\` datetime null, \`last_order_at\` datetime null, \`erp_balance\` text null, \`erp_currency\` text null, \`books_balance\` text null, \`books_currency\` text null, \`has_open_balance\` integer not null, \`lifecycle_stage\` text null, \`owner_email\` text null, \`email_consent\` integer null, \`email_consent_source\` text null, \`email_consent_changed_at\` datetime null, \`sms_consent\` integer null, \`sms_consent_source\` text null, \`sms_consent_changed_at\` datetime null, \`identities\` json not null, \`absorbed_ids\` json not null, primary key (\`id\`));`);
    this.addSql(`create index \`customer_profile_lifecycle_stage_index\` on \`customer_profile\` (\`lifecycle_stage\`);`);
    this.addSql(`create index \`customer_profile_last_order_at_index\` on \`customer_profile\` (\`last_order_at\`);`);
    this.addSql(`create index \`customer_profile_lifetime_value_minor_index\` on \`customer_profile\` (\`lifetime_value_minor\`);`);
  }

}
