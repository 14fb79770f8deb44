import { Migration } from '@mikro-orm/migrations';

export class Migration20261127035753_initial extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "accounting_customer" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "display_name" text not null, "balance" numeric(14,2) not null, "currency" text not null, constraint "accounting_customer_pkey" primary key ("id"));`);
    this.addSql(`alter table "accounting_customer" add constraint "accounting_customer_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "applied_version" ("source" text not null, "entity" text not null, "source_id" text not null, "version" bigint not null, "event_id" uuid not null, "deleted" boolean not null, constraint "applied_version_pkey" primary key ("source", "entity", "source_id"));`);

    this.addSql(`create table "credit_memo" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "number" text not null, "customer_source_id" text not null, "order_name" text null, "issued_at" timestamptz not null, "amount" numeric(14,2) not null, "currency" text not null, constraint "credit_memo_pkey" primary key ("id"));`);
    this.addSql(`create index "credit_memo_order_name_index" on "credit_memo" ("order_name");`);
    this.addSql(`create index "credit_memo_customer_source_id_index" on "credit_memo" ("customer_source_id");`);
    this.addSql(`alter table "credit_memo" add constraint "credit_memo_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "crm_company" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "name" text not null, "domain" text null, constraint "crm_company_pkey" primary key ("id"));`);
    this.addSql(`alter table "crm_company" add constraint "crm_company_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "crm_deal" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "name" text not null, "amount" numeric(14,2) not null, "currency" text not null, "stage" text not null, "pipeline" text null, "close_date" timestamptz null, "contact_source_ids" jsonb not null, constraint "crm_deal_pkey" primary key ("id"));`);
    this.addSql(`alter table "crm_deal" add constraint "crm_deal_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "crm_profile" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "lifecycle_stage" text null, "lead_status" text null, "owner_email" text null, "company_source_id" text null, "marketing_consent" boolean not null, "last_activity_at" timestamptz null, constraint "crm_profile_pkey" primary key ("id"));`);
    this.addSql(`create index "crm_profile_company_source_id_index" on "crm_profile" ("company_source_id");`);
    this.addSql(`alter table "crm_profile" add constraint "crm_profile_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "customer" ("id" uuid not null, "email" text null, "first_name" text null, "last_name" text null, "phone" text null, "updated_at" timestamptz not null, constraint "customer_pkey" primary key ("id"));`);

    this.addSql(`create table "customer_identity" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "source" text not null, "entity" text not null, "customer_id" uuid not null, "email" text null, "email_norm" text null, "phone" text null, "phone_norm" text null, "first_name" text null, "last_name" text null, "shopify_customer_ref" text null, "addresses" jsonb null, constraint "customer_identity_pkey" primary key ("id"));`);
    this.addSql(`create index "customer_identity_customer_id_index" on "customer_identity" ("customer_id");`);
    this.addSql(`create index "customer_identity_email_norm_index" on "customer_identity" ("email_norm");`);
    this.addSql(`create index "customer_identity_phone_norm_index" on "customer_identity" ("phone_norm");`);
    this.addSql(`create index "customer_identity_shopify_customer_ref_index" on "customer_identity" ("shopify_customer_ref");`);
    this.addSql(`alter table "customer_identity" add constraint "customer_identity_source_source_id_unique" unique ("source", "source_id");`);

    this.addSql(`create table "erp_customer" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "number" text not null, "balance_due" numeric(14,2) not null, "currency" text not null, constraint "erp_customer_pkey" primary key ("id"));`);
    this.addSql(`create index "erp_customer_number_index" on "erp_customer" ("number");`);
    this.addSql(`alter table "erp_customer" add constraint "erp_customer_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "erp_item" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "number" text not null, "variant_id" uuid not null, "display_name" text not null, "unit_price" numeric(14,2) not null, "unit_cost" numeric(14,2) not null, "inventory" int not null, constraint "erp_item_pkey" primary key ("id"));`);
    this.addSql(`create index "erp_item_variant_id_index" on "erp_item" ("variant_id");`);
    this.addSql(`alter table "erp_item" add constraint "erp_item_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "fee" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "order_name" text null, "posted_at" timestamptz not null, "amount" numeric(14,2) not null, "currency" text not null, "description" text null, constraint "fee_pkey" primary key ("id"));`);
    this.addSql(`create index "fee_order_name_index" on "fee" ("order_name");`);
    this.addSql(`alter table "fee" add constraint "fee_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "inventory_level" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "source" text not null, "variant_id" uuid not null, "sku" text not null, "location_source_id" text not null, "on_hand" int not null, "available" int not null, "committed" int not null, "incoming" int not null, constraint "inventory_level_pkey" primary key ("id"));`);
    this.addSql(`create index "inventory_level_variant_id_index" on "inventory_level" ("variant_id");`);
    this.addSql(`alter table "inventory_level" add constraint "inventory_level_source_source_id_unique" unique ("source", "source_id");`);

    this.addSql(`create table "invoice" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "number" text not null, "customer_source_id" text not null, "order_name" text null, "issued_at" timestamptz not null, "currency" text not null, "total" numeric(14,2) not null, "balance" numeric(14,2) not null, constraint "invoice_pkey" primary key ("id"));`);
    this.addSql(`create index "invoice_customer_source_id_index" on "invoice" ("customer_source_id");`);
    this.addSql(`create index "invoice_order_name_index" on "invoice" ("order_name");`);
    this.addSql(`alter table "invoice" add constraint "invoice_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "location" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "source" text not null, "location_id" uuid not null, "name" text not null, "code" text null, constraint "location_pkey" primary key ("id"));`);
    this.addSql(`create index "location_location_id_index" on "location" ("location_id");`);
    this.addSql(`alter table "location" add constraint "location_source_source_id_unique" unique ("source", "source_id");`);

    this.addSql(`create table "orders" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "name" text not null, "email" text null, "customer_source_id" text null, "currency" text not null, "total_price" numeric(14,2) not null, "subtotal_price" numeric(14,2) not null, "total_tax" numeric(14,2) not null, "financial_status" text not null, "fulfillment_status" text null, "created_at" timestamptz not null, "cancelled_at" timestamptz null, constraint "orders_pkey" primary key ("id"));`);
    this.addSql(`create index "orders_customer_source_id_index" on "orders" ("customer_source_id");`);
    this.addSql(`create index "orders_name_index" on "orders" ("name");`);
    this.addSql(`create index "orders_updated_at_index" on "orders" ("updated_at");`);
    this.addSql(`alter table "orders" add constraint "orders_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "order_fulfillment" ("id" uuid not null, "order_id" uuid not null, "status" text not null, "tracking_number" text null, "tracking_company" text null, "created_at" timestamptz not null, constraint "order_fulfillment_pkey" primary key ("id"));`);
    this.addSql(`create index "order_fulfillment_order_id_index" on "order_fulfillment" ("order_id");`);

    this.addSql(`create table "order_line" ("id" uuid not null, "order_id" uuid not null, "position" int not null, "sku" text null, "variant_id" uuid null, "title" text not null, "quantity" int not null, "unit_price" numeric(14,2) not null, constraint "order_line_pkey" primary key ("id"));`);
    this.addSql(`create index "order_line_order_id_index" on "order_line" ("order_id");`);
    this.addSql(`create index "order_line_variant_id_index" on "order_line" ("variant_id");`);

    this.addSql(`create table "order_refund" ("id" uuid not null, "order_id" uuid not null, "created_at" timestamptz not null, "amount" numeric(14,2) not null, "note" text null, constraint "order_refund_pkey" primary key ("id"));`);
    this.addSql(`create index "order_refund_order_id_index" on "order_refund" ("order_id");`);

    this.addSql(`create table "order_transaction" ("id" uuid not null, "order_id" uuid not null, "kind" text not null, "status" text not null, "amount" numeric(14,2) not null, "gateway" text not null, "created_at" timestamptz not null, constraint "order_transaction_pkey" primary key ("id"));`);
    this.addSql(`create index "order_transaction_order_id_index" on "order_transaction" ("order_id");`);

    this.addSql(`create table "outbox" ("id" bigserial primary key, "topic" text not null, "key" text not null, "value" text not null, "headers" jsonb not null, "created_at" timestamptz not null);`);

    this.addSql(`create table "payment" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "customer_source_id" text not null, "paid_at" timestamptz not null, "amount" numeric(14,2) not null, "currency" text not null, "invoice_source_ids" jsonb not null, constraint "payment_pkey" primary key ("id"));`);
    this.addSql(`create index "payment_customer_source_id_index" on "payment" ("customer_source_id");`);
    this.addSql(`alter table "payment" add constraint "payment_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "product" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "title" text not null, "handle" text not null, "status" text not null, "vendor" text null, "product_type" text null, "created_at" timestamptz not null, constraint "product_pkey" primary key ("id"));`);
    this.addSql(`alter table "product" add constraint "product_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "sales_order" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "number" text not null, "order_name" text null, "customer_number" text not null, "status" text not null, "order_date" timestamptz not null, "total" numeric(14,2) not null, "currency" text not null, constraint "sales_order_pkey" primary key ("id"));`);
    this.addSql(`create index "sales_order_order_name_index" on "sales_order" ("order_name");`);
    this.addSql(`create index "sales_order_number_index" on "sales_order" ("number");`);
    this.addSql(`alter table "sales_order" add constraint "sales_order_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "sales_order_line" ("id" uuid not null, "sales_order_id" uuid not null, "position" int not null, "sku" text not null, "quantity" int not null, "shipped_quantity" int not null, "unit_price" numeric(14,2) not null, "location_code" text null, constraint "sales_order_line_pkey" primary key ("id"));`);
    this.addSql(`create index "sales_order_line_sales_order_id_index" on "sales_order_line" ("sales_order_id");`);

    this.addSql(`create table "shipment" ("id" uuid not null, "source_id" text not null, "version" bigint not null, "updated_at" timestamptz not null, "number" text not null, "sales_order_number" text not null, "posted_at" timestamptz not null, constraint "shipment_pkey" primary key ("id"));`);
    this.addSql(`create index "shipment_sales_order_number_index" on "shipment" ("sales_order_number");`);
    this.addSql(`alter table "shipment" add constraint "shipment_source_id_unique" unique ("source_id");`);

    this.addSql(`create table "variant" ("id" uuid not null, "sku" text not null, "source_id" text not null, "product_id" uuid not null, "title" text not null, "price" numeric(14,2) not null, "inventory_item_id" text not null, "version" bigint not null, constraint "variant_pkey" primary key ("id"));`);
    this.addSql(`alter table "variant" add constraint "variant_sku_unique" unique ("sku");`);
    this.addSql(`create index "variant_product_id_index" on "variant" ("product_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "accounting_customer" cascade;`);

    this.addSql(`drop table if exists "applied_version" cascade;`);

    this.addSql(`drop table if exists "credit_memo" cascade;`);

    this.addSql(`drop table if exists "crm_company" cascade;`);

    this.addSql(`drop table if exists "crm_deal" cascade;`);

    this.addSql(`drop table if exists "crm_profile" cascade;`);

    this.addSql(`drop table if exists "customer" cascade;`);

    this.addSql(`drop table if exists "customer_identity" cascade;`);

    this.addSql(`drop table if exists "erp_customer" cascade;`);

    this.addSql(`drop table if exists "erp_item" cascade;`);

    this.addSql(`drop table if exists "fee" cascade;`);

    this.addSql(`drop table if exists "inventory_level" cascade;`);

    this.addSql(`drop table if exists "invoice" cascade;`);

    this.addSql(`drop table if exists "location" cascade;`);

    this.addSql(`drop table if exists "orders" cascade;`);

    this.addSql(`drop table if exists "order_fulfillment" cascade;`);

    this.addSql(`drop table if exists "order_line" cascade;`);

    this.addSql(`drop table if exists "order_refund" cascade;`);

    this.addSql(`drop table if exists "order_transaction" cascade;`);

    this.addSql(`drop table if exists "outbox" cascade;`);

    this.addSql(`drop table if exists "payment" cascade;`);

    this.addSql(`drop table if exists "product" cascade;`);

    this.addSql(`drop table if exists "sales_order" cascade;`);

    this.addSql(`drop table if exists "sales_order_line" cascade;`);

    this.addSql(`drop table if exists "shipment" cascade;`);

    this.addSql(`drop table if exists "variant" cascade;`);
  }

}
