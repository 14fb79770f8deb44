import { Migration } from '@mikro-orm/migrations';

export class Migration20261202162434_shipment_tracking extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "shipment" add column "tracking_number" text null, add column "tracking_company" text null, add column "tracking_url" text null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "shipment" drop column "tracking_number", drop column "tracking_company", drop column "tracking_url";`);
  }

}
