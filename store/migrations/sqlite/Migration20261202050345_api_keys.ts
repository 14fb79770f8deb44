import { Migration } from '@mikro-orm/migrations';

export class Migration20261202050345_api_keys extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`api_key\` (\`id\` text not null, \`name\` text not null, \`prefix\` text not null, \`hash\` text not null, \`salt\` text not null, \`scopes\` text not null, \`created_at\` datetime not null, \`revoked_at\` datetime null, \`last_used_at\` datetime null, primary key (\`id\`));`);
    this.addSql(`create unique index \`api_key_prefix_unique\` on \`api_key\` (\`prefix\`);`);
  }

}
