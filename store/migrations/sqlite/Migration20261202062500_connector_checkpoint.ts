import { Migration } from '@mikro-orm/migrations';

export class Migration20261202062500_connector_checkpoint extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`connector_checkpoint\` (\`namespace\` text not null, \`source\` text not null, \`key\` text not null, \`value\` text not null, \`updated_at\` datetime not null, primary key (\`namespace\`, \`source\`, \`key\`));`);
  }

}
