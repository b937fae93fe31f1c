-- Messages get a public id for the v1 API (GET/POST /api/v1/chats/{chat_id}/messages): a uuid,
-- new rows by default, existing rows backfilled. Each step is cheap on a small database and
-- repeatable. On a large one (millions of messages) run the steps by hand first, so no write waits
-- more than a moment (docs/architecture.md, "Migrations on a large database"): the column and its
-- default (instant), the backfill in batches, the index CONCURRENTLY, NOT NULL through a validated
-- CHECK; this migration then finds all of it done.
ALTER TABLE "chat_conversation_message" ADD COLUMN IF NOT EXISTS "uuid" uuid;--> statement-breakpoint
ALTER TABLE "chat_conversation_message" ALTER COLUMN "uuid" SET DEFAULT gen_random_uuid();--> statement-breakpoint
UPDATE "chat_conversation_message" SET "uuid" = gen_random_uuid() WHERE "uuid" IS NULL;--> statement-breakpoint
CREATE UNIQUE INDEX IF NOT EXISTS "chat_conversation_message_uuid_idx" ON "chat_conversation_message" USING btree ("uuid");--> statement-breakpoint
ALTER TABLE "chat_conversation_message" ALTER COLUMN "uuid" SET NOT NULL;
