//! The diesel table definitions: one logical schema that both migration sets create.

// @generated-style definitions written by hand: `diesel print-schema` cannot target a
// MultiConnection, and every column uses a type both engines share (TEXT, BOOLEAN,
// INTEGER, TIMESTAMP). The schema-parity test checks the migrations against each other.
#![expect(missing_docs, reason = "diesel::table! generates the public modules and columns")]

diesel::table! {
    institutions (id) {
        id -> Text,
        hei_id -> Text,
        erasmus_code -> Nullable<Text>,
        erasmus_code_normalised -> Nullable<Text>,
        pic -> Nullable<Text>,
        oid -> Nullable<Text>,
        name -> Text,
        search_text -> Text,
        abbreviation -> Nullable<Text>,
        country -> Text,
        city -> Nullable<Text>,
        website -> Nullable<Text>,
        is_local -> Bool,
        ewp_enabled -> Bool,
        contacts -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    units (id) {
        id -> Text,
        institution_id -> Text,
        parent_id -> Nullable<Text>,
        code -> Text,
        name -> Text,
        contacts -> Text,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    users (id) {
        id -> Text,
        username -> Text,
        password_hash -> Text,
        role -> Text,
        full_name -> Nullable<Text>,
        email -> Nullable<Text>,
        active -> Bool,
        version -> Integer,
        created_at -> Timestamp,
        updated_at -> Timestamp,
    }
}

diesel::table! {
    user_units (user_id, unit_id) {
        user_id -> Text,
        unit_id -> Text,
    }
}

diesel::table! {
    api_clients (id) {
        id -> Text,
        client_id -> Text,
        secret_hash -> Text,
        name -> Text,
        scopes -> Text,
        active -> Bool,
        created_at -> Timestamp,
    }
}

diesel::table! {
    refresh_tokens (id) {
        id -> Text,
        token_hash -> Text,
        family_id -> Text,
        user_id -> Text,
        scope -> Text,
        issued_at -> Timestamp,
        expires_at -> Timestamp,
        used_at -> Nullable<Timestamp>,
        revoked_at -> Nullable<Timestamp>,
    }
}

diesel::table! {
    login_throttles (subject) {
        subject -> Text,
        failures -> Integer,
        window_started_at -> Timestamp,
        locked_until -> Nullable<Timestamp>,
    }
}

diesel::table! {
    idempotency_keys (principal, idempotency_key) {
        principal -> Text,
        idempotency_key -> Text,
        request_hash -> Text,
        response_status -> Nullable<Integer>,
        response_headers -> Nullable<Text>,
        response_body -> Nullable<Text>,
        created_at -> Timestamp,
    }
}

diesel::joinable!(units -> institutions (institution_id));
diesel::joinable!(user_units -> users (user_id));
diesel::joinable!(user_units -> units (unit_id));
diesel::joinable!(refresh_tokens -> users (user_id));

diesel::allow_tables_to_appear_in_same_query!(
    institutions,
    units,
    users,
    user_units,
    api_clients,
    refresh_tokens,
    login_throttles,
    idempotency_keys,
);
