CREATE TYPE "public"."deletion_receipt_actor" AS ENUM('user', 'api_key', 'retention');--> statement-breakpoint
CREATE TABLE "deletion_receipts" (
	"uuid" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"neptun_user_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor" "deletion_receipt_actor" NOT NULL,
	"api_key_id" integer,
	"api_key_prefix" text,
	"project_ids" integer[] NOT NULL,
	"route" text NOT NULL,
	"request_id" text,
	"chat_uuids" uuid[] NOT NULL,
	"chats_deleted" integer NOT NULL,
	"messages_deleted" integer NOT NULL,
	"project_links_deleted" integer NOT NULL
);
--> statement-breakpoint
CREATE TABLE "job_lease" (
	"name" text PRIMARY KEY NOT NULL,
	"holder" uuid,
	"expires_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_retention_policy" (
	"project_id" integer PRIMARY KEY NOT NULL,
	"days" integer NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_run_at" timestamp with time zone,
	"last_deleted_chats" integer,
	"last_skipped_live" integer,
	CONSTRAINT "project_retention_policy_days_check" CHECK ("project_retention_policy"."days" BETWEEN 1 AND 3650)
);
--> statement-breakpoint
ALTER TABLE "deletion_receipts" ADD CONSTRAINT "deletion_receipts_neptun_user_id_neptun_user_id_fk" FOREIGN KEY ("neptun_user_id") REFERENCES "public"."neptun_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_retention_policy" ADD CONSTRAINT "project_retention_policy_project_id_neptun_user_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."neptun_user_project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "deletion_receipts_user_created_idx" ON "deletion_receipts" USING btree ("neptun_user_id","created_at","uuid");