-- Custom SQL migration file, put your code below! --
-- updated_at moves on every change unless the statement sets it itself (imports and demo data do).
CREATE FUNCTION neptun_touch_updated_at() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
    NEW.updated_at := now();
  END IF;
  RETURN NEW;
END
$$;
--> statement-breakpoint
CREATE TRIGGER neptun_user_touch BEFORE UPDATE ON neptun_user FOR EACH ROW EXECUTE FUNCTION neptun_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER neptun_user_project_touch BEFORE UPDATE ON neptun_user_project FOR EACH ROW EXECUTE FUNCTION neptun_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER chat_conversation_touch BEFORE UPDATE ON chat_conversation FOR EACH ROW EXECUTE FUNCTION neptun_touch_updated_at();
--> statement-breakpoint
CREATE TRIGGER chat_conversation_message_touch BEFORE UPDATE ON chat_conversation_message FOR EACH ROW EXECUTE FUNCTION neptun_touch_updated_at();
--> statement-breakpoint
-- A chat's updated_at follows its messages: one UPDATE per statement, however many rows it touched.
CREATE FUNCTION neptun_touch_chat_from_messages() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE chat_conversation SET updated_at = now()
  WHERE id IN (SELECT DISTINCT chat_conversation_id FROM changed_messages);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER chat_conversation_message_insert_touch_chat AFTER INSERT ON chat_conversation_message
  REFERENCING NEW TABLE AS changed_messages FOR EACH STATEMENT EXECUTE FUNCTION neptun_touch_chat_from_messages();
--> statement-breakpoint
CREATE TRIGGER chat_conversation_message_update_touch_chat AFTER UPDATE ON chat_conversation_message
  REFERENCING NEW TABLE AS changed_messages FOR EACH STATEMENT EXECUTE FUNCTION neptun_touch_chat_from_messages();
--> statement-breakpoint
CREATE TRIGGER chat_conversation_message_delete_touch_chat AFTER DELETE ON chat_conversation_message
  REFERENCING OLD TABLE AS changed_messages FOR EACH STATEMENT EXECUTE FUNCTION neptun_touch_chat_from_messages();
