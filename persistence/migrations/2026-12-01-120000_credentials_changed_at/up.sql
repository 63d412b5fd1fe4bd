-- When an account's password last changed: access tokens issued before it stop working at
-- once (they are otherwise valid until they expire).
ALTER TABLE users ADD COLUMN credentials_changed_at TIMESTAMP;
