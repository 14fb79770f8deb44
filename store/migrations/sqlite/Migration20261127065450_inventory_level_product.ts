import { Migration } from '@mikro-orm/migrations';

export class Migration20261127065450_inventory_level_product extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table \`inventory_level\` add column \`product_source_id\` text null;`);
    this.addSql(`create index \`inventory_level_product_source_id_index\` on \`inventory_level\` (\`product_source_id\`);`);
  }

}
