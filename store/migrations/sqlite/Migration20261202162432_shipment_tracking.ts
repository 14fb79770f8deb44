import { Migration } from '@mikro-orm/migrations';

export class Migration20261202162432_shipment_tracking extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`shipment\` add column \`tracking_number\` text null;`);
    this.addSql(`alter table \`shipment\` add column \`tracking_company\` text null;`);
    this.addSql(`alter table \`shipment\` add column \`tracking_url\` text null;`);
  }

}
