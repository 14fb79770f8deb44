import { Migration } from '@mikro-orm/migrations';

export class Migration20261202131523_redaction extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`redaction\` (\`id\` text not null, \`source\` text not null, \`entity\` text not null, \`source_id\` text not null, \`treatment\` text not null, \`request_id\` text not null, \`redacted_at\` datetime not null, primary key (\`id\`));`);
  }

}
