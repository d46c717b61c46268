import type { MigrationInterface, QueryRunner } from 'typeorm';

export class KnowledgeBase1796170000100 implements MigrationInterface {
  name = 'KnowledgeBase1796170000100';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      'CREATE TABLE "kb_category" ("id" uuid NOT NULL, "name" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_kb_category" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE UNIQUE INDEX "kb_category_name_key" ON "kb_category" ("name")');
    await queryRunner.query(
      'CREATE TABLE "kb_article" ("id" uuid NOT NULL, "category_id" uuid, "status" text NOT NULL, "visibility" text NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "search" tsvector, "published_version" integer, "latest_version" integer NOT NULL, "helpful_count" integer NOT NULL DEFAULT 0, "not_helpful_count" integer NOT NULL DEFAULT 0, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_kb_article" PRIMARY KEY ("id"))',
    );
    await queryRunner.query('CREATE INDEX "kb_article_updated_idx" ON "kb_article" ("updated_at", "id")');
    await queryRunner.query('CREATE INDEX "kb_article_category_idx" ON "kb_article" ("category_id", "updated_at", "id")');
    // Only published articles are searched: the index holds nothing else.
    await queryRunner.query(`CREATE INDEX "kb_article_search_idx" ON "kb_article" USING GIN ("search") WHERE "status" = 'PUBLISHED'`);
    await queryRunner.query(
      'CREATE TABLE "kb_article_version" ("article_id" uuid NOT NULL, "version" integer NOT NULL, "title" text NOT NULL, "body" text NOT NULL, "edited_by" uuid, "edited_at" TIMESTAMP WITH TIME ZONE NOT NULL, "published_at" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_kb_article_version" PRIMARY KEY ("article_id", "version"))',
    );
    await queryRunner.query(
      'CREATE TABLE "kb_article_vote" ("article_id" uuid NOT NULL, "user_id" uuid NOT NULL, "helpful" boolean NOT NULL, "voted_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_kb_article_vote" PRIMARY KEY ("article_id", "user_id"))',
    );
    await queryRunner.query(
      'CREATE TABLE "case_article" ("case_id" uuid NOT NULL, "article_id" uuid NOT NULL, "linked_by" uuid, "linked_at" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT "PK_case_article" PRIMARY KEY ("case_id", "article_id"))',
    );
    await queryRunner.query('CREATE INDEX "case_article_article_idx" ON "case_article" ("article_id")');
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('DROP TABLE "case_article"');
    await queryRunner.query('DROP TABLE "kb_article_vote"');
    await queryRunner.query('DROP TABLE "kb_article_version"');
    await queryRunner.query('DROP TABLE "kb_article"');
    await queryRunner.query('DROP TABLE "kb_category"');
  }
}
