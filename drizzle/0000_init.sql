CREATE TYPE "public"."chat_conversation_message_actor" AS ENUM('user', 'assistant', 'system');--> statement-breakpoint
CREATE TABLE "chat_conversation" (
	"id" serial PRIMARY KEY NOT NULL,
	"uuid" uuid DEFAULT gen_random_uuid() NOT NULL,
	"neptun_user_id" integer NOT NULL,
	"name" text NOT NULL,
	"model" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "chat_conversation_uuid_unique" UNIQUE("uuid")
);
--> statement-breakpoint
CREATE TABLE "chat_conversation_message" (
	"id" serial PRIMARY KEY NOT NULL,
	"chat_conversation_id" integer NOT NULL,
	"neptun_user_id" integer NOT NULL,
	"actor" "chat_conversation_message_actor" NOT NULL,
	"message" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "neptun_user" (
	"id" serial PRIMARY KEY NOT NULL,
	"primary_email" text NOT NULL,
	"hashed_password" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "neptun_user_primary_email_unique" UNIQUE("primary_email")
);
--> statement-breakpoint
CREATE TABLE "neptun_user_project" (
	"id" serial PRIMARY KEY NOT NULL,
	"neptun_user_id" integer NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_chat_conversation" (
	"project_id" integer NOT NULL,
	"chat_conversation_id" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "project_chat_conversation_project_id_chat_conversation_id_pk" PRIMARY KEY("project_id","chat_conversation_id")
);
--> statement-breakpoint
ALTER TABLE "chat_conversation" ADD CONSTRAINT "chat_conversation_neptun_user_id_neptun_user_id_fk" FOREIGN KEY ("neptun_user_id") REFERENCES "public"."neptun_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_conversation_message" ADD CONSTRAINT "chat_conversation_message_chat_conversation_id_chat_conversation_id_fk" FOREIGN KEY ("chat_conversation_id") REFERENCES "public"."chat_conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "chat_conversation_message" ADD CONSTRAINT "chat_conversation_message_neptun_user_id_neptun_user_id_fk" FOREIGN KEY ("neptun_user_id") REFERENCES "public"."neptun_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "neptun_user_project" ADD CONSTRAINT "neptun_user_project_neptun_user_id_neptun_user_id_fk" FOREIGN KEY ("neptun_user_id") REFERENCES "public"."neptun_user"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_chat_conversation" ADD CONSTRAINT "project_chat_conversation_project_id_neptun_user_project_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."neptun_user_project"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_chat_conversation" ADD CONSTRAINT "project_chat_conversation_chat_conversation_id_chat_conversation_id_fk" FOREIGN KEY ("chat_conversation_id") REFERENCES "public"."chat_conversation"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "chat_conversation_user_idx" ON "chat_conversation" USING btree ("neptun_user_id","id");--> statement-breakpoint
CREATE INDEX "chat_conversation_message_chat_idx" ON "chat_conversation_message" USING btree ("chat_conversation_id","id");--> statement-breakpoint
CREATE INDEX "chat_conversation_message_user_idx" ON "chat_conversation_message" USING btree ("neptun_user_id");--> statement-breakpoint
CREATE INDEX "neptun_user_project_user_idx" ON "neptun_user_project" USING btree ("neptun_user_id","id");--> statement-breakpoint
CREATE INDEX "project_chat_conversation_chat_idx" ON "project_chat_conversation" USING btree ("chat_conversation_id");