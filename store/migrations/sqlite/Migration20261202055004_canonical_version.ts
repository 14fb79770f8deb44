import { Migration } from '@mikro-orm/migrations';

export class Migration20261202055004_canonical_version extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`canonical_version\` (\`id\` text not null, \`entity\` text not null, \`version\` bigint not null, primary key (\`id\`));`);
  }

}
