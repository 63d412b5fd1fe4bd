-- An Idempotency-Key is claimed by one running request at a time (`claim_token`) until
-- `lease_until`. A request that writes stores its answer in the transaction of its writes, and
-- only while its claim is still its own; a claim without an answer whose lease is over belongs
-- to a request that died before committing anything, and a retry takes it over.
ALTER TABLE idempotency_keys ADD COLUMN claim_token TEXT NOT NULL DEFAULT '';
ALTER TABLE idempotency_keys ADD COLUMN lease_until TIMESTAMP;
