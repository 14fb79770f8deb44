import { Migration } from '@mikro-orm/migrations';

export class Migration20261202175424_applied_version_content_hash extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "applied_version" add column "content_hash" text not null default '';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "applied_version" drop column "content_hash";`);
  }

}
