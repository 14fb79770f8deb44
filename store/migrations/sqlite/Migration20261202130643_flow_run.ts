import { Migration } from '@mikro-orm/migrations';

export class Migration20261202130643_flow_run extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table \`flow_run\` (\`flow\` text not null, \`key\` text not null, \`state\` text not null, \`source_version\` text null, \`target_id\` text null, \`attempts\` integer not null default 0, \`last_error\` text null, \`next_attempt_at\` datetime not null, \`lease_until\` datetime null, \`generation\` integer not null default 0, \`updated_at\` datetime not null, primary key (\`flow\`, \`key\`));`);
    this.addSql(`create index \`flow_run_flow_state_next_attempt_at_index\` on \`flow_run\` (\`flow\`, \`state\`, \`next_attempt_at\`);`);
  }

}
