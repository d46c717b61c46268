import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The user directory (keyed by the token's sub), teams and their members. */
export class UsersTeams1796172187128 implements MigrationInterface {
  name = 'UsersTeams1796172187128';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "team_member" ("team_id" uuid NOT NULL, "user_id" uuid NOT NULL, "added_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_34169355c6d1744228f5bb75549" PRIMARY KEY ("team_id", "user_id"))',
    );
    await queryRunner.query('CREATE INDEX "team_member_user_idx" ON "team_member"  ("user_id") ');
    await queryRunner.query(
      'CREATE TABLE "team" ("id" uuid NOT NULL, "name" text NOT NULL, "manager_id" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_f57d8293406df4af348402e4b74" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "team_name_key" ON "team"  ("name") ');
    await queryRunner.query(
      'CREATE TABLE "app_user" ("id" uuid NOT NULL, "name" text NOT NULL, "email" text, "title" text, "time_zone" text, "active" boolean NOT NULL DEFAULT true, "manager_id" uuid, "regional_office" text, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "app_user_not_own_manager_check" CHECK ("manager_id" <> "id"), CONSTRAINT "PK_22a5c4a3d9b2fb8e4e73fc4ada1" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "app_user_email_idx" ON "app_user"  ("email") ');
    await queryRunner.query('CREATE INDEX "app_user_manager_idx" ON "app_user"  ("manager_id") ');
    await queryRunner.query('CREATE INDEX "app_user_name_idx" ON "app_user"  ("name", "id") ');
    await queryRunner.query(
      'ALTER TABLE "team_member" ADD CONSTRAINT "FK_a1b5b4f5fa1b7f890d0a278748b" FOREIGN KEY ("team_id") REFERENCES "team"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "team_member" ADD CONSTRAINT "FK_0724b86622f89c433dee4cd8b17" FOREIGN KEY ("user_id") REFERENCES "app_user"("id") ON DELETE CASCADE ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "team" ADD CONSTRAINT "FK_7c465539caf477c90771fed198b" FOREIGN KEY ("manager_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
    await queryRunner.query(
      'ALTER TABLE "app_user" ADD CONSTRAINT "FK_56cf55efae335a51d5ab9ac09cc" FOREIGN KEY ("manager_id") REFERENCES "app_user"("id") ON DELETE SET NULL ON UPDATE NO ACTION',
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('ALTER TABLE "app_user" DROP CONSTRAINT "FK_56cf55efae335a51d5ab9ac09cc"');
    await queryRunner.query('ALTER TABLE "team" DROP CONSTRAINT "FK_7c465539caf477c90771fed198b"');
    await queryRunner.query('ALTER TABLE "team_member" DROP CONSTRAINT "FK_0724b86622f89c433dee4cd8b17"');
    await queryRunner.query('ALTER TABLE "team_member" DROP CONSTRAINT "FK_a1b5b4f5fa1b7f890d0a278748b"');
    await queryRunner.query('DROP INDEX "public"."app_user_name_idx"');
    await queryRunner.query('DROP INDEX "public"."app_user_manager_idx"');
    await queryRunner.query('DROP INDEX "public"."app_user_email_idx"');
    await queryRunner.query('DROP TABLE "app_user"');
    await queryRunner.query('DROP INDEX "public"."team_name_key"');
    await queryRunner.query('DROP TABLE "team"');
    await queryRunner.query('DROP INDEX "public"."team_member_user_idx"');
    await queryRunner.query('DROP TABLE "team_member"');
  }
}
