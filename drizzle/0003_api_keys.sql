CREATE TABLE "neptun_api_key" (
	"id" serial PRIMARY KEY NOT NULL,
	"neptun_user_id" integer NOT NULL,
	"name" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "neptun_api_key" ADD CONSTRAINT "neptun_api_key_neptun_user_id_neptun_user_id_fk" FOREIGN KEY ("neptun_user_id") REFERENCES "public"."neptun_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "neptun_api_key_hash_idx" ON "neptun_api_key" USING btree ("key_hash");--> statement-breakpoint
CREATE INDEX "neptun_api_key_user_idx" ON "neptun_api_key" USING btree ("neptun_user_id","id");--> statement-breakpoint
CREATE INDEX "chat_conversation_user_updated_idx" ON "chat_conversation" USING btree ("neptun_user_id","updated_at","uuid");