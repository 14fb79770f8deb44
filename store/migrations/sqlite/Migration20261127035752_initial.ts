import { Migration } from '@mikro-orm/migrations';

export class Migration20261127035752_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`accounting_customer\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`display_name\` text not null, \`balance\` text not null, \`currency\` text not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`accounting_customer_source_id_unique\` on \`accounting_customer\` (\`source_id\`);`);

    this.addSql(`create table \`applied_version\` (\`source\` text not null, \`entity\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`event_id\` text not null, \`deleted\` integer not null, primary key (\`source\`, \`entity\`, \`source_id\`));`);

    this.addSql(`create table \`credit_memo\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`number\` text not null, \`customer_source_id\` text not null, \`order_name\` text null, \`issued_at\` datetime not null, \`amount\` text not null, \`currency\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`credit_memo_order_name_index\` on \`credit_memo\` (\`order_name\`);`);
    this.addSql(`create index \`credit_memo_customer_source_id_index\` on \`credit_memo\` (\`customer_source_id\`);`);
    this.addSql(`create unique index \`credit_memo_source_id_unique\` on \`credit_memo\` (\`source_id\`);`);

    this.addSql(`create table \`crm_company\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`name\` text not null, \`domain\` text null, primary key (\`id\`));`);
    this.addSql(`create unique index \`crm_company_source_id_unique\` on \`crm_company\` (\`source_id\`);`);

    this.addSql(`create table \`crm_deal\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`name\` text not null, \`amount\` text not null, \`currency\` text not null, \`stage\` text not null, \`pipeline\` text null, \`close_date\` datetime null, \`contact_source_ids\` json not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`crm_deal_source_id_unique\` on \`crm_deal\` (\`source_id\`);`);

    this.addSql(`create table \`crm_profile\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`lifecycle_stage\` text null, \`lead_status\` text null, \`owner_email\` text null, \`company_source_id\` text null, \`marketing_consent\` integer not null, \`last_activity_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`crm_profile_company_source_id_index\` on \`crm_profile\` (\`company_source_id\`);`);
    this.addSql(`create unique index \`crm_profile_source_id_unique\` on \`crm_profile\` (\`source_id\`);`);

    this.addSql(`create table \`customer\` (\`id\` text not null, \`email\` text null, \`first_name\` text null, \`last_name\` text null, \`phone\` text null, \`updated_at\` datetime not null, primary key (\`id\`));`);

    this.addSql(`create table \`customer_identity\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`source\` text not null, \`entity\` text not null, \`customer_id\` text not null, \`email\` text null, \`email_norm\` text null, \`phone\` text null, \`phone_norm\` text null, \`first_name\` text null, \`last_name\` text null, \`shopify_customer_ref\` text null, \`addresses\` json null, primary key (\`id\`));`);
    this.addSql(`create index \`customer_identity_customer_id_index\` on \`customer_identity\` (\`customer_id\`);`);
    this.addSql(`create index \`customer_identity_email_norm_index\` on \`customer_identity\` (\`email_norm\`);`);
    this.addSql(`create index \`customer_identity_phone_norm_index\` on \`customer_identity\` (\`phone_norm\`);`);
    this.addSql(`create index \`customer_identity_shopify_customer_ref_index\` on \`customer_identity\` (\`shopify_customer_ref\`);`);
    this.addSql(`create unique index \`customer_identity_source_source_id_unique\` on \`customer_identity\` (\`source\`, \`source_id\`);`);

    this.addSql(`create table \`erp_customer\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`number\` text not null, \`balance_due\` text not null, \`currency\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`erp_customer_number_index\` on \`erp_customer\` (\`number\`);`);
    this.addSql(`create unique index \`erp_customer_source_id_unique\` on \`erp_customer\` (\`source_id\`);`);

    this.addSql(`create table \`erp_item\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`number\` text not null, \`variant_id\` text not null, \`display_name\` text not null, \`unit_price\` text not null, \`unit_cost\` text not null, \`inventory\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`erp_item_variant_id_index\` on \`erp_item\` (\`variant_id\`);`);
    this.addSql(`create unique index \`erp_item_source_id_unique\` on \`erp_item\` (\`source_id\`);`);

    this.addSql(`create table \`fee\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`order_name\` text null, \`posted_at\` datetime not null, \`amount\` text not null, \`currency\` text not null, \`description\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`fee_order_name_index\` on \`fee\` (\`order_name\`);`);
    this.addSql(`create unique index \`fee_source_id_unique\` on \`fee\` (\`source_id\`);`);

    this.addSql(`create table \`inventory_level\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`source\` text not null, \`variant_id\` text not null, \`sku\` text not null, \`location_source_id\` text not null, \`on_hand\` integer not null, \`available\` integer not null, \`committed\` integer not null, \`incoming\` integer not null, primary key (\`id\`));`);
    this.addSql(`create index \`inventory_level_variant_id_index\` on \`inventory_level\` (\`variant_id\`);`);
    this.addSql(`create unique index \`inventory_level_source_source_id_unique\` on \`inventory_level\` (\`source\`, \`source_id\`);`);

    this.addSql(`create table \`invoice\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`number\` text not null, \`customer_source_id\` text not null, \`order_name\` text null, \`issued_at\` datetime not null, \`currency\` text not null, \`total\` text not null, \`balance\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`invoice_customer_source_id_index\` on \`invoice\` (\`customer_source_id\`);`);
    this.addSql(`create index \`invoice_order_name_index\` on \`invoice\` (\`order_name\`);`);
    this.addSql(`create unique index \`invoice_source_id_unique\` on \`invoice\` (\`source_id\`);`);

    this.addSql(`create table \`location\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`source\` text not null, \`location_id\` text not null, \`name\` text not null, \`code\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`location_location_id_index\` on \`location\` (\`location_id\`);`);
    this.addSql(`create unique index \`location_source_source_id_unique\` on \`location\` (\`source\`, \`source_id\`);`);

    this.addSql(`create table \`orders\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`name\` text not null, \`email\` text null, \`customer_source_id\` text null, \`currency\` text not null, \`total_price\` text not null, \`subtotal_price\` text not null, \`total_tax\` text not null, \`financial_status\` text not null, \`fulfillment_status\` text null, \`created_at\` datetime not null, \`cancelled_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create index \`orders_customer_source_id_index\` on \`orders\` (\`customer_source_id\`);`);
    this.addSql(`create index \`orders_name_index\` on \`orders\` (\`name\`);`);
    this.addSql(`create index \`orders_updated_at_index\` on \`orders\` (\`updated_at\`);`);
    this.addSql(`create unique index \`orders_source_id_unique\` on \`orders\` (\`source_id\`);`);

    this.addSql(`create table \`order_fulfillment\` (\`id\` text not null, \`order_id\` text not null, \`status\` text not null, \`tracking_number\` text null, \`tracking_company\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`order_fulfillment_order_id_index\` on \`order_fulfillment\` (\`order_id\`);`);

    this.addSql(`create table \`order_line\` (\`id\` text not null, \`order_id\` text not null, \`position\` integer not null, \`sku\` text null, \`variant_id\` text null, \`title\` text not null, \`quantity\` integer not null, \`unit_price\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`order_line_order_id_index\` on \`order_line\` (\`order_id\`);`);
    this.addSql(`create index \`order_line_variant_id_index\` on \`order_line\` (\`variant_id\`);`);

    this.addSql(`create table \`order_refund\` (\`id\` text not null, \`order_id\` text not null, \`created_at\` datetime not null, \`amount\` text not null, \`note\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`order_refund_order_id_index\` on \`order_refund\` (\`order_id\`);`);

    this.addSql(`create table \`order_transaction\` (\`id\` text not null, \`order_id\` text not null, \`kind\` text not null, \`status\` text not null, \`amount\` text not null, \`gateway\` text not null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`order_transaction_order_id_index\` on \`order_transaction\` (\`order_id\`);`);

    this.addSql(`create table \`outbox\` (\`id\` integer not null primary key autoincrement, \`topic\` text not null, \`key\` text not null, \`value\` text not null, \`headers\` json not null, \`created_at\` datetime not null);`);

    this.addSql(`create table \`payment\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`customer_source_id\` text not null, \`paid_at\` datetime not null, \`amount\` text not null, \`currency\` text not null, \`invoice_source_ids\` json not null, primary key (\`id\`));`);
    this.addSql(`create index \`payment_customer_source_id_index\` on \`payment\` (\`customer_source_id\`);`);
    this.addSql(`create unique index \`payment_source_id_unique\` on \`payment\` (\`source_id\`);`);

    this.addSql(`create table \`product\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`title\` text not null, \`handle\` text not null, \`status\` text not null, \`vendor\` text null, \`product_type\` text null, \`created_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`product_source_id_unique\` on \`product\` (\`source_id\`);`);

    this.addSql(`create table \`sales_order\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`number\` text not null, \`order_name\` text null, \`customer_number\` text not null, \`status\` text not null, \`order_date\` datetime not null, \`total\` text not null, \`currency\` text not null, primary key (\`id\`));`);
    this.addSql(`create index \`sales_order_order_name_index\` on \`sales_order\` (\`order_name\`);`);
    this.addSql(`create index \`sales_order_number_index\` on \`sales_order\` (\`number\`);`);
    this.addSql(`create unique index \`sales_order_source_id_unique\` on \`sales_order\` (\`source_id\`);`);

    this.addSql(`create table \`sales_order_line\` (\`id\` text not null, \`sales_order_id\` text not null, \`position\` integer not null, \`sku\` text not null, \`quantity\` integer not null, \`shipped_quantity\` integer not null, \`unit_price\` text not null, \`location_code\` text null, primary key (\`id\`));`);
    this.addSql(`create index \`sales_order_line_sales_order_id_index\` on \`sales_order_line\` (\`sales_order_id\`);`);

    this.addSql(`create table \`shipment\` (\`id\` text not null, \`source_id\` text not null, \`version\` bigint not null, \`updated_at\` datetime not null, \`number\` text not null, \`sales_order_number\` text not null, \`posted_at\` datetime not null, primary key (\`id\`));`);
    this.addSql(`create index \`shipment_sales_order_number_index\` on \`shipment\` (\`sales_order_number\`);`);
    this.addSql(`create unique index \`shipment_source_id_unique\` on \`shipment\` (\`source_id\`);`);

    this.addSql(`create table \`variant\` (\`id\` text not null, \`sku\` text not null, \`source_id\` text not null, \`product_id\` text not null, \`title\` text not null, \`price\` text not null, \`inventory_item_id\` text not null, \`version\` bigint not null, primary key (\`id\`));`);
    this.addSql(`create unique index \`variant_sku_unique\` on \`variant\` (\`sku\`);`);
    this.addSql(`create index \`variant_product_id_index\` on \`variant\` (\`product_id\`);`);
  }

}
