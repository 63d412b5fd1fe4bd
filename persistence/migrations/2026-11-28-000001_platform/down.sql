DROP TABLE idempotency_keys;
DROP TABLE login_throttles;
DROP TABLE refresh_tokens;
DROP TABLE api_clients;
DROP TABLE user_units;
DROP TABLE users;
DROP TABLE units;
DROP TABLE institutions;
