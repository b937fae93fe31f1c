CREATE TABLE "live_connection" (
	"id" uuid PRIMARY KEY NOT NULL,
	"chat_conversation_id" integer NOT NULL,
	"neptun_user_id" integer NOT NULL,
	"instance_id" uuid NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "live_connection" ADD CONSTRAINT "live_connection_chat_conversation_id_chat_conversation_id_fk" FOREIGN KEY ("chat_conversation_id") REFERENCES "public"."chat_conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "live_connection" ADD CONSTRAINT "live_connection_neptun_user_id_neptun_user_id_fk" FOREIGN KEY ("neptun_user_id") REFERENCES "public"."neptun_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "live_connection_chat_idx" ON "live_connection" USING btree ("chat_conversation_id","heartbeat_at");--> statement-breakpoint
CREATE INDEX "live_connection_heartbeat_idx" ON "live_connection" USING btree ("heartbeat_at");