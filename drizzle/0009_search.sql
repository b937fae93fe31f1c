-- Search (server/search, docs/architecture.md "Search"). pg_trgm is a trusted extension: the
-- database's owner may create it. On a large existing database, build the two indexes first with
-- CREATE INDEX CONCURRENTLY (the same statements with CONCURRENTLY; writes go on meanwhile); this
-- migration then finds them and does nothing more.
CREATE EXTENSION IF NOT EXISTS pg_trgm;--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "chat_conversation_name_trgm_idx" ON "chat_conversation" USING gin ("name" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "chat_conversation_message_search_idx" ON "chat_conversation_message" USING gin (to_tsvector('simple'::regconfig, "message"));
